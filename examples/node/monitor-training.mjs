// Publishes one monitor-training-status job straight to the jobs work exchange, then waits for its terminal event on
// the events exchange. It prints the event as one line of JSON on stdout and exits 0, or exits 1 when no event
// arrives in time. Progress and errors go to stderr.
//
// Usage: node monitor-training.mjs --runpod-job-id ID --endpoint-id ENDPOINT
//          [--prefix jobs] [--amqp-uri amqp://guest:guest@127.0.0.1:5672] [--timeout-ms 60000]
// Each option falls back to an environment variable: JOB_PREFIX, JOB_AMQP_URI, RUNPOD_JOB_ID, RUNPOD_ENDPOINT_ID,
// JOB_WAIT_TIMEOUT_MS.
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import amqp from 'amqplib';

const JOB_TYPE = 'monitor-training-status';

const { values: options } = parseArgs({
  options: {
    prefix: { type: 'string', default: process.env.JOB_PREFIX || 'jobs' },
    'amqp-uri': { type: 'string', default: process.env.JOB_AMQP_URI || 'amqp://guest:guest@127.0.0.1:5672' },
    'runpod-job-id': { type: 'string', default: process.env.RUNPOD_JOB_ID },
    'endpoint-id': { type: 'string', default: process.env.RUNPOD_ENDPOINT_ID },
    'timeout-ms': { type: 'string', default: process.env.JOB_WAIT_TIMEOUT_MS || '60000' },
  },
});

function fail(message) {
  console.error(message);
  process.exit(1);
}

const timeoutMs = Number(options['timeout-ms']);
if (!options['runpod-job-id'] || !options['endpoint-id']) {
  fail('Missing --runpod-job-id or --endpoint-id (or RUNPOD_JOB_ID / RUNPOD_ENDPOINT_ID): both name the RunPod job to watch');
}
if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
  fail(`Invalid --timeout-ms '${options['timeout-ms']}': expected a positive whole number of milliseconds`);
}

const workExchange = options.prefix;
const eventsExchange = `${options.prefix}.events`;
const jobId = randomUUID();

const connection = await amqp.connect(options['amqp-uri']);
// Without a listener, a channel closed by the broker would crash the process with a stack trace instead of the
// message below.
connection.on('error', (error) => fail(`Connection to RabbitMQ failed: ${error.message}`));
const timer = setTimeout(() => {
  console.error(`No event for job ${jobId} within ${timeoutMs} ms`);
  process.exit(1);
}, timeoutMs);

try {
  const channel = await connection.createConfirmChannel();
  channel.on('error', () => {});
  // A passive check fails at once when no worker or producer has declared the topology for this prefix.
  try {
    await channel.checkExchange(workExchange);
    await channel.checkExchange(eventsExchange);
  } catch (error) {
    fail(`Exchange '${workExchange}' or '${eventsExchange}' not found (${error.message}): start a worker with `
      + `JOB_PREFIX=${options.prefix} first, or pass the prefix it uses`);
  }

  // Subscribe before publishing, so the event cannot be missed. The broker deletes this server-named exclusive queue
  // when the connection closes. The routing key has no job id, so the binding selects this type's events and the
  // consumer filters by the body's jobId.
  const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true, durable: false });
  await channel.bindQueue(queue, eventsExchange, `job.${JOB_TYPE}.*`);

  const seenEventIds = new Set();
  await channel.consume(queue, (delivery) => {
    if (delivery === null) {
      fail('The broker cancelled the event consumer');
    }
    channel.ack(delivery);
    const event = JSON.parse(delivery.content.toString('utf-8'));
    // An event may be delivered more than once, and copies carry the same eventId.
    if (event.jobId !== jobId || seenEventIds.has(event.eventId)) {
      return;
    }
    seenEventIds.add(event.eventId);
    console.log(JSON.stringify(event));
    clearTimeout(timer);
    connection.close().finally(() => process.exit(0));
  });

  // `mandatory` makes the broker return the message when no queue is bound for the type, instead of dropping it.
  channel.on('return', (returned) => {
    fail(`Job ${jobId} was returned as unroutable (${returned.fields.replyText}): no worker has declared the queue `
      + `${options.prefix}.${JOB_TYPE} yet`);
  });
  const message = {
    schemaVersion: 1,
    jobId,
    type: JOB_TYPE,
    payload: { runpodJobId: options['runpod-job-id'], endpointId: options['endpoint-id'] },
    check: 0,
  };
  channel.publish(workExchange, JOB_TYPE, Buffer.from(JSON.stringify(message), 'utf-8'), {
    persistent: true,
    contentType: 'application/json',
    contentEncoding: 'utf-8',
    messageId: jobId,
    mandatory: true,
  });
  await channel.waitForConfirms();
  console.error(`Published job ${jobId} to exchange '${workExchange}'; waiting for its event on '${eventsExchange}'`);
} catch (error) {
  fail(`Publishing job ${jobId} failed: ${error.message}`);
}
