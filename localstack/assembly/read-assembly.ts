import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AssemblyError } from '../errors.ts';

/** One resource of a CloudFormation template. */
export const cfnResource = z.object({
  Type: z.string(),
  Properties: z.record(z.string(), z.unknown()).optional(),
  Metadata: z.record(z.string(), z.unknown()).optional(),
  DependsOn: z.union([z.string(), z.array(z.string())]).optional(),
});
export type CfnResource = z.infer<typeof cfnResource>;

export const cfnTemplate = z
  .object({ Resources: z.record(z.string(), cfnResource).default({}) })
  .passthrough();
export type CfnTemplateDoc = z.infer<typeof cfnTemplate>;

const manifest = z.object({
  artifacts: z
    .record(
      z.string(),
      z
        .object({
          type: z.string(),
          properties: z
            .object({ templateFile: z.string().optional(), stackName: z.string().optional() })
            .passthrough()
            .optional(),
        })
        .passthrough(),
    )
    .default({}),
});

const assetsManifest = z.object({
  files: z
    .record(
      z.string(),
      z
        .object({ source: z.object({ path: z.string(), packaging: z.string().optional() }).passthrough() })
        .passthrough(),
    )
    .default({}),
});

export interface CloudAssemblyStack {
  readonly stackName: string;
  readonly templateFile: string;
  readonly template: CfnTemplateDoc;
  /** The absolute directory of the asset a resource's code comes from, if it has one. */
  assetDirOf(logicalId: string): string | undefined;
}

function readJson(file: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new AssemblyError(`cannot read ${what} '${file}': ${(err as Error).message}`, { cause: err });
  }
}

/**
 * Reads one stack of a synthesized cloud assembly (`cdk.out`): its template and where each
 * resource's asset lives (`aws:asset:path` metadata, or the S3 key looked up in `*.assets.json`).
 */
export function readAssemblyStack(assemblyDir: string, stackName?: string): CloudAssemblyStack {
  const m = manifest.safeParse(readJson(join(assemblyDir, 'manifest.json'), 'the cloud assembly manifest'));
  if (!m.success) throw new AssemblyError(`'${assemblyDir}/manifest.json' is not a cloud assembly manifest`);
  const stacks = Object.entries(m.data.artifacts).filter(([, a]) => a.type === 'aws:cloudformation:stack');
  const picked =
    stackName === undefined
      ? stacks
      : stacks.filter(([id, a]) => id === stackName || a.properties?.stackName === stackName);
  if (picked.length !== 1) {
    const names = stacks.map(([id]) => id).join(', ') || 'none';
    throw new AssemblyError(
      stackName === undefined
        ? `the assembly '${assemblyDir}' holds ${stacks.length} stacks (${names}); name the one to deploy`
        : `the assembly '${assemblyDir}' has no stack '${stackName}' (it has: ${names})`,
    );
  }
  const [id, artifact] = picked[0]!;
  const templateFile = join(assemblyDir, artifact.properties?.templateFile ?? `${id}.template.json`);
  const t = cfnTemplate.safeParse(readJson(templateFile, 'the template'));
  if (!t.success) throw new AssemblyError(`'${templateFile}' is not a CloudFormation template`);
  const template = t.data;

  let byKey: Map<string, string> | undefined;
  const assetsByS3Key = (): Map<string, string> => {
    if (byKey) return byKey;
    byKey = new Map();
    const file = join(assemblyDir, `${id}.assets.json`);
    if (existsSync(file)) {
      const a = assetsManifest.safeParse(readJson(file, 'the assets manifest'));
      if (a.success) {
        for (const [hash, f] of Object.entries(a.data.files)) {
          byKey.set(`${hash}${f.source.packaging === 'zip' ? '.zip' : ''}`, f.source.path);
        }
      }
    }
    return byKey;
  };

  return {
    stackName: artifact.properties?.stackName ?? id,
    templateFile,
    template,
    assetDirOf(logicalId: string): string | undefined {
      const r = template.Resources[logicalId];
      if (!r) return undefined;
      const path = r.Metadata?.['aws:asset:path'];
      if (typeof path === 'string') return join(assemblyDir, path);
      const code = r.Properties?.Code as { S3Key?: unknown } | undefined;
      if (typeof code?.S3Key === 'string') {
        const p = assetsByS3Key().get(code.S3Key);
        if (p !== undefined) return join(assemblyDir, p);
      }
      return undefined;
    },
  };
}
