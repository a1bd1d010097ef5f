#!/bin/sh
# Starts one of the programs in this image: worker, producer, simulator or redrive, or submits demo jobs.
# Every program reads its settings from the environment (see the README's configuration table).
set -eu

command="${1:-worker}"
[ "$#" -gt 0 ] && shift

case "$command" in
  worker)
    exec java $JAVA_OPTS -jar /opt/jobs/worker.jar "$@"
    ;;
  redrive)
    exec java $JAVA_OPTS -jar /opt/jobs/worker.jar redrive "$@"
    ;;
  producer)
    exec java $JAVA_OPTS -jar /opt/jobs/producer.jar "$@"
    ;;
  simulator)
    exec java $JAVA_OPTS -jar /opt/jobs/simulator.jar "$@"
    ;;
  submit-demo)
    exec /opt/jobs/submit-demo.sh "$@"
    ;;
  *)
    echo "Unknown command '$command': expected worker, producer, simulator, redrive or submit-demo" >&2
    exit 2
    ;;
esac
