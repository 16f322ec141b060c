#!/usr/bin/env bash
# Deploys a sluice pipeline to LocalStack with cdklocal (aws-cdk-local, pinned in package.json),
# through the same CDK app (cdk.json → infra/app.ts) that `cdk deploy` uses on AWS.
#   npm run localstack:deploy -- FILE.sql [PARALLELISM]
#   npm run localstack:destroy -- FILE.sql
set -euo pipefail
cd "$(dirname "$0")/../.."

action=${SLUICE_CDKLOCAL_ACTION:-deploy}
sql=${1:?usage: npm run localstack:$action -- FILE.sql [PARALLELISM]}
parallelism=${2:-1}

export AWS_ENDPOINT_URL=${AWS_ENDPOINT_URL:-http://localhost:4566}
export AWS_ENDPOINT_URL_S3=${AWS_ENDPOINT_URL_S3:-http://s3.localhost.localstack.cloud:4566}
export AWS_REGION=${AWS_REGION:-us-east-1} AWS_DEFAULT_REGION=${AWS_DEFAULT_REGION:-us-east-1}
export AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID:-test} AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY:-test}
# cdklocal drops AWS_* variables (so nothing reaches real AWS by mistake) except these:
export AWS_ENVAR_ALLOWLIST=AWS_REGION,AWS_DEFAULT_REGION,AWS_ACCESS_KEY_ID,AWS_SECRET_ACCESS_KEY
# The CDK CLI makes no calls of its own (telemetry, version check, notices).
export CDK_DISABLE_CLI_TELEMETRY=1 CDK_DISABLE_VERSION_CHECK=1
export CDK_HOME=${CDK_HOME:-$HOME/.sluice/cdk-home}
mkdir -p "$CDK_HOME"

cdklocal=node_modules/.bin/cdklocal
ctx=(-c "sql=$sql" -c "parallelism=$parallelism")
case "$action" in
  deploy)
    # Idempotent: creates the CDK bootstrap stack (assets bucket, roles) in LocalStack once.
    "$cdklocal" bootstrap --no-notices "${ctx[@]}"
    "$cdklocal" deploy --no-notices --require-approval never "${ctx[@]}"
    ;;
  destroy)
    "$cdklocal" destroy --no-notices --force "${ctx[@]}"
    ;;
  *)
    echo "unknown action '$action' (deploy or destroy)" >&2
    exit 2
    ;;
esac
