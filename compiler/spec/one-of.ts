/** A type guard for a const list of names: is `name` one of them? */
export const oneOf =
  <T extends string>(list: readonly T[]) =>
  (name: string): name is T =>
    (list as readonly string[]).includes(name);
