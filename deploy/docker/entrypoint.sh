#!/bin/sh
# Entry point of the Faultline image: picks the service to run.
#   faultline-entrypoint [service] [node args…]   run services/<service>/dist/main.js
#   faultline-entrypoint migrate [up|status|revert]   node bin/faultline.mjs migrate …
#   faultline-entrypoint faultline <command…>        the faultline CLI
#   faultline-entrypoint <anything else>             exec it (sh, node, …)
set -e
cd /app
case "${1:-}" in
  ingest|enrichment|clustering|alert-router|github-issues)
    SERVICE="$1"
    shift
    ;;
  migrate)
    exec node bin/faultline.mjs "$@"
    ;;
  faultline)
    shift
    exec node bin/faultline.mjs "$@"
    ;;
  "") ;;
  *)
    exec "$@"
    ;;
esac
SERVICE="${SERVICE:-ingest}"
main="services/${SERVICE}/dist/main.js"
if [ ! -f "$main" ]; then
  echo "faultline: service \"${SERVICE}\" is not in this image (no ${main}); built services: $(ls services | tr '\n' ' ')" >&2
  exit 64
fi
export SERVICE
# The service's own Node flags (faultline.nodeFlags in its package.json, e.g. ingest's heap settings).
flags=$(node -e "process.stdout.write((JSON.parse(require('fs').readFileSync('services/${SERVICE}/package.json','utf8')).faultline?.nodeFlags ?? []).join(' '))")
# shellcheck disable=SC2086
exec node $flags "$main" "$@"
