#!/usr/bin/env python3
"""Publish one monitor-training-status job straight to the jobs work exchange and wait for its terminal event.

The event is printed as one line of JSON on stdout and the program exits 0; it exits 1 when no event arrives in
time. Progress and errors go to stderr. Needs pika 1.x (Debian: python3-pika, or pip install pika).

Usage: monitor_training.py --runpod-job-id ID --endpoint-id ENDPOINT
           [--prefix jobs] [--amqp-uri amqp://guest:guest@127.0.0.1:5672] [--timeout-ms 60000]
Each option falls back to an environment variable: JOB_PREFIX, JOB_AMQP_URI, RUNPOD_JOB_ID, RUNPOD_ENDPOINT_ID,
JOB_WAIT_TIMEOUT_MS.
"""
import argparse
import json
import os
import sys
import time
import uuid

import pika
import pika.exceptions

JOB_TYPE = "monitor-training-status"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prefix", default=os.environ.get("JOB_PREFIX", "jobs"), help="exchange and queue name prefix")
    parser.add_argument("--amqp-uri", default=os.environ.get("JOB_AMQP_URI", "amqp://guest:guest@127.0.0.1:5672"),
                        help="RabbitMQ URI")
    parser.add_argument("--runpod-job-id", default=os.environ.get("RUNPOD_JOB_ID"), help="RunPod job id to watch")
    parser.add_argument("--endpoint-id", default=os.environ.get("RUNPOD_ENDPOINT_ID"), help="RunPod endpoint id")
    parser.add_argument("--timeout-ms", type=int, default=int(os.environ.get("JOB_WAIT_TIMEOUT_MS", "60000")),
                        help="how long to wait for the event, in milliseconds")
    args = parser.parse_args()
    if not args.runpod_job_id or not args.endpoint_id:
        parser.error("--runpod-job-id and --endpoint-id (or RUNPOD_JOB_ID / RUNPOD_ENDPOINT_ID) are required")
    if args.timeout_ms <= 0:
        parser.error(f"invalid --timeout-ms {args.timeout_ms}: expected a positive number of milliseconds")
    return args


def main():
    args = parse_args()
    work_exchange = args.prefix
    events_exchange = f"{args.prefix}.events"
    job_id = str(uuid.uuid4())

    connection = pika.BlockingConnection(pika.URLParameters(args.amqp_uri))
    try:
        channel = connection.channel()
        # A passive declare fails at once when no worker or producer has declared the topology for this prefix.
        try:
            channel.exchange_declare(work_exchange, passive=True)
            channel.exchange_declare(events_exchange, passive=True)
        except pika.exceptions.ChannelClosedByBroker as error:
            print(f"Exchange '{work_exchange}' or '{events_exchange}' not found ({error.reply_text}): start a worker "
                  f"with JOB_PREFIX={args.prefix} first, or pass the prefix it uses", file=sys.stderr)
            return 1

        # Subscribe before publishing, so the event cannot be missed. The broker deletes this server-named exclusive
        # queue when the connection closes. The routing key has no job id, so the binding selects this type's events
        # and the loop below filters by the body's jobId.
        queue = channel.queue_declare("", exclusive=True, auto_delete=True).method.queue
        channel.queue_bind(queue, events_exchange, routing_key=f"job.{JOB_TYPE}.*")

        channel.confirm_delivery()
        message = {
            "schemaVersion": 1,
            "jobId": job_id,
            "type": JOB_TYPE,
            "payload": {"runpodJobId": args.runpod_job_id, "endpointId": args.endpoint_id},
            "check": 0,
        }
        # delivery_mode 2 is persistent: the message survives a broker restart in the durable work queue.
        properties = pika.BasicProperties(content_type="application/json", content_encoding="utf-8",
                                          delivery_mode=2, message_id=job_id)
        try:
            # With publisher confirms on, basic_publish waits for the broker's confirm, and mandatory turns an
            # unroutable message into an error instead of a silent drop.
            channel.basic_publish(work_exchange, JOB_TYPE, json.dumps(message).encode("utf-8"), properties,
                                  mandatory=True)
        except pika.exceptions.UnroutableError:
            print(f"Job {job_id} was returned as unroutable: no worker has declared the queue "
                  f"{args.prefix}.{JOB_TYPE} yet", file=sys.stderr)
            return 1
        print(f"Published job {job_id} to exchange '{work_exchange}'; waiting for its event on '{events_exchange}'",
              file=sys.stderr)

        deadline = time.monotonic() + args.timeout_ms / 1000
        seen_event_ids = set()
        for method, _, body in channel.consume(queue, inactivity_timeout=0.5):
            if method is not None:
                channel.basic_ack(method.delivery_tag)
                event = json.loads(body.decode("utf-8"))
                # An event may be delivered more than once, and copies carry the same eventId.
                if event.get("jobId") == job_id and event.get("eventId") not in seen_event_ids:
                    seen_event_ids.add(event.get("eventId"))
                    print(json.dumps(event), flush=True)
                    return 0
            if time.monotonic() > deadline:
                print(f"No event for job {job_id} within {args.timeout_ms} ms", file=sys.stderr)
                return 1
    finally:
        connection.close()


if __name__ == "__main__":
    sys.exit(main())
