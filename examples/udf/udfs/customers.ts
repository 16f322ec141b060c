// An async UDF: a lookup per customer, run before the stage's operators with at most 4 calls in
// flight and a 2-second timeout per call (a slower call dead-letters its order, never blocks).

export const config = {
  tier: { concurrency: 4, timeoutMs: 2_000 },
};

/** Stands in for a call to a customer service (fetch(`https://…/customers/${id}`), say). */
export async function tier(customer: string): Promise<string> {
  await new Promise((resolve) => setTimeout(resolve, 5));
  return customer.startsWith('a') ? 'gold' : 'standard';
}
