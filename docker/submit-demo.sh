#!/bin/sh
# Submits DEMO_JOBS monitor-training-status jobs through the producer service, each watching a scripted run on the
# simulator, then waits until every job has ended and prints one line per job. Exits 1 when a job has not ended
# within DEMO_WAIT_SECONDS.
set -eu

producer="${PRODUCER_URL:-http://producer:8080}"
simulator="${SIMULATOR_URL:-http://simulator:8089}"
endpoint="${RUNPOD_ENDPOINT_ID:-demo-endpoint}"
jobs="${DEMO_JOBS:-20}"
wait_seconds="${DEMO_WAIT_SECONDS:-300}"

# Prints the value of a top-level string field of a one-line JSON object, which is enough for the ids and statuses.
json_field() {
  sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"
}

ids=""
i=1
while [ "$i" -le "$jobs" ]; do
  # Every fifth run fails, so the demo shows both kinds of events.
  if [ $((i % 5)) -eq 0 ]; then
    scenario="{\"queueMs\":1000,\"runMs\":$((2000 + i * 100)),\"finalStatus\":\"FAILED\",\"error\":\"CUDA out of memory\"}"
  else
    scenario="{\"queueMs\":1000,\"runMs\":$((2000 + i * 100)),\"output\":{\"modelUri\":\"s3://models/demo-$i\"}}"
  fi
  runpod_id="$(curl -fsS -X POST "$simulator/_simulator/jobs" -H 'Content-Type: application/json' \
    -d "{\"endpointId\":\"$endpoint\",\"scenario\":$scenario}" | json_field id)"
  job_id="$(curl -fsS -X POST "$producer/jobs" -H 'Content-Type: application/json' \
    -d "{\"type\":\"monitor-training-status\",\"payload\":{\"runpodJobId\":\"$runpod_id\",\"endpointId\":\"$endpoint\"}}" \
    | json_field id)"
  echo "Submitted job $job_id watching RunPod job $runpod_id"
  ids="$ids $job_id"
  i=$((i + 1))
done

deadline=$(($(date +%s) + wait_seconds))
for id in $ids; do
  while :; do
    status="$(curl -fsS "$producer/jobs/$id" | json_field status)"
    case "$status" in
      completed|failed|cancelled) echo "Job $id $status"; break ;;
    esac
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "Job $id has not ended within $wait_seconds s (status $status)" >&2
      exit 1
    fi
    sleep 1
  done
done
echo "All $jobs jobs ended"
