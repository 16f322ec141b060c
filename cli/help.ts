export const HELP = `sluice — streaming SQL on serverless AWS (Lambda + Kinesis + DynamoDB), exactly once

Usage:
  sluice run FILE.sql [--parallelism N] [--port PORT] [--json] [--keep-state] [--udf FILE.ts]…
                 [--chaos SEED [--chaos-faults K,…]] [--keep-running] [--s3-dir DIR]
      Compile FILE.sql, start the embedded local stack (DynamoDB Local, Kinesis, Lambda
      emulator behind one endpoint), deploy the pipeline onto it and run it. Shows live
      progress (events in/out per stage) on stderr. A pipeline whose sources are files ends
      when every window has fired and every sink has committed; then sluice assembles file
      sinks, prints a summary and stops the stack. A bare SELECT prints its rows to stdout.
      Unbounded sources (kinesis) run until Ctrl-C.
        --parallelism N   shards per internal stream and stage (default 1)
        --port PORT       local stack endpoint port (default 4566; a free port if busy)
        --json            print the summary as one JSON object on stdout, no progress
        --keep-state      keep the local stack's data directory (printed) after exit
        --udf FILE.ts     a TypeScript UDF module (repeatable), besides every *.ts in the udfs/
                          folder next to FILE.sql; typed by the exported functions' signatures
                          and bundled into the stage functions (README "TypeScript UDFs")
        --chaos SEED      inject faults from a seeded schedule: crashes before/mid/after emit and
                          after commit, zombies, re-delivery, re-batching, partial PutRecords
                          failures, DynamoDB throttling and conflicts, and reshards (split,
                          merge, UpdateShardCount up and down) of internal streams mid-run; the
                          summary counts them by kind. The sink must equal a failure-free run
                          (docs/exactly-once.md)
        --chaos-faults K,…  only these fault kinds, e.g. zombie,reshard-merge ('none' for none)
        --keep-running    keep the local stack up after the summary (for sluice dlq), until Ctrl-C
        --s3-dir DIR      the local stack's S3 stores bucket B's object K as the file DIR/B/K:
                          put a filesystem source's JSON-lines files there before the run, find a
                          filesystem sink's objects there after it (default: a temporary folder)

  sluice compile FILE.sql [--parallelism N] [--json] [--udf FILE.ts]…
      Compile FILE.sql and print its stages, operators, edges, streams and UDFs. With --json,
      print the PipelineSpec. UDFs as for run.

  sluice synth FILE.sql [--out DIR] [--parallelism N] [--target aws|local] [--json] [--udf FILE.ts]…
                [--console [--console-user-streams read|write]]
      Synthesize the pipeline's AWS CDK cloud assembly (default cdk.out): Kinesis streams,
      DynamoDB table, one Lambda per stage, mappings, clock schedule, dashboard, alarms.
      single_file connectors are local-only and refused for --target aws (the default);
      filesystem (S3) sources and sinks deploy, importing your bucket; nexmark and filesystem
      sources get an ingest function.
      \`sluice run\` deploys exactly this assembly (with --target local) onto the local stack.
        --console   add the web console: one function serving the UI and the API behind a
                    function URL with AuthType AWS_IAM, its role scoped to this pipeline's table,
                    streams and functions (open it with 'sluice console --remote')
        --console-user-streams write   let it also rescale (and replay dead letters into)
                    your own kinesis source streams (default read: shards and lag only)

  sluice deploy FILE.sql [--parallelism N] [--out DIR] [--events-per-second N]
                [--event-bytes N] [--yes] [--dry-run] [--json] [--udf FILE.ts]…
                [--console [--console-user-streams read|write]]
      Synthesize, print the resources and a monthly cost estimate (default 1000 events/s),
      then deploy with the pinned CDK CLI (first time per account/region: npx cdk bootstrap).
        --yes       do not ask before IAM changes     --dry-run   print plan and cost only

  sluice destroy NAME [--yes] [--json]
      Delete the stack sluice-NAME (the table included; your own streams are never touched).

  sluice dev FILE.sql [--parallelism N] [--port PORT] [--console-port PORT] [--keep-state]
                 [--udf FILE.ts]…
      Start the embedded local stack, deploy and run FILE.sql, and serve the web console on
      127.0.0.1 (default port 8787) until Ctrl-C. Prints the console URL with its access token
      (#token=…); every API call needs it as 'Authorization: Bearer <token>'.

  sluice console [--port PORT] [--console-port PORT] [--keep-state]
      Start the embedded local stack and the web console only; create, validate and preview
      pipelines from its SQL editor. Runs until Ctrl-C.
  sluice console --remote URL|PIPELINE [--region REGION] [--console-port PORT]
      The console of a pipeline deployed with --console. Serves 127.0.0.1 (with a token, as
      above) and forwards each request to the console's IAM-authenticated function URL, signed
      (SigV4) with your AWS credentials; your identity needs lambda:InvokeFunctionUrl and
      lambda:InvokeFunction on sluice-PIPELINE-console (a PIPELINE name also needs
      lambda:GetFunctionUrlConfig to find its URL). Create and Preview are not available there.

  sluice status [PIPELINE] [--endpoint URL] [--json]
      Per-stage committed numbers of the pipelines on a running stack: shards, in, out, in/s,
      dead-lettered, late, watermark, lag. URL: --endpoint, else AWS_ENDPOINT_URL, else
      http://127.0.0.1:4566.

  sluice rescale PIPELINE STAGE N [--endpoint URL] [--json] [--dry-run]
      Set the shard count of STAGE's input stream to N with UpdateShardCount, in 0.5x-2x steps
      (1→8 = 1→2→4→8) and at most 10 calls per stream per rolling 24 hours. Shows progress until
      the new shards are ACTIVE and consumed. --dry-run prints the plan only.

  sluice dlq list FILE.sql|PIPELINE [--stage ID] [--endpoint URL] [--json]
      List the pipeline's dead letters (I8): stage, shard, position (file:line), reason, raw.
      --json prints one JSON object per line (edit raw, then: replay --from FILE).
  sluice dlq replay FILE.sql|PIPELINE [--stage ID] [--from FIXED.jsonl] [--force] [--endpoint URL] [--json]
      Send dead letters (or the fixed ones in --from) back into their stage's input; exactly once
      for file sources (entries are marked; repeats are deduplicated). Endpoint: --endpoint, else
      AWS_ENDPOINT_URL, else http://127.0.0.1:4566 (sluice run --keep-running, sluice dev/console).

  sluice --help | sluice help       This text.
  sluice --version                  The version.

Exit codes: 0 success; 2 a user error (bad SQL with line:column, missing file, missing Java,
bad data with bad_data = 'fail'); 1 any other failure.

Environment:
  SLUICE_LOG=1          forward the local stack's and functions' logs to stderr.
  AWS_ENDPOINT_URL=URL  send every AWS call (deploy included) to LocalStack or another endpoint.

Docs: README.md, docs/ (exactly-once protocol, internals, SQL parser), localstack/README.md.
`;

/** `sluice COMMAND --help`: that command's paragraph of HELP (all of HELP for an unknown command). */
export function commandHelp(command: string): string {
  const paragraphs = HELP.split('\n\n').map((p) => p.replace(/^Usage:\n/, ''));
  const own = paragraphs.filter((p) => p.trimStart().startsWith(`sluice ${command} `));
  return own.length === 0 ? HELP : `Usage:\n${own.join('\n\n')}\n\nSee 'sluice --help' for every command.\n`;
}
