#!/usr/bin/env node
// Reads Travya's topics as an analytics team would: stock clients only (kafkajs, and
// @kafkajs/confluent-schema-registry over the registry's Confluent-compatible API), no Travya code.
// Every record is decoded from the Confluent wire format with the schema its id names and printed
// as one JSON line on stdout; a summary line ends the output. Diagnostics go to stderr.
//
// Exit status: 0 if every record decoded, 1 if any did not, 2 on bad usage or a failure to connect.
// See README.md for the options.
'use strict';

const fs = require('fs');
const https = require('https');
const { Kafka, logLevel } = require('kafkajs');
const { SchemaRegistry, SchemaType } = require('@kafkajs/confluent-schema-registry');
const avro = require('avsc');

const DEFAULT_TOPICS = ['travya.users', 'travya.trips', 'travya.bookings', 'travya.conversations'];

// ---------------------------------------------------------------------------------------------
// Avro logical types as analytics wants them: dates and times as ISO 8601 strings, decimals as
// exact strings. Longs are read as BigInt, because a timestamp in microseconds after about the
// year 2255 no longer fits a JavaScript number exactly (avsc would refuse to read it).

const MICROS_PER_SECOND = 1000000n;
const MICROS_PER_DAY = 86400n * MICROS_PER_SECOND;

const LONG = avro.types.LongType.__with({
  fromBuffer: (buffer) => buffer.readBigInt64LE(),
  toBuffer: (value) => {
    const buffer = Buffer.alloc(8);
    buffer.writeBigInt64LE(BigInt(value));
    return buffer;
  },
  fromJSON: (value) => BigInt(value),
  toJSON: (value) => (Number.isSafeInteger(Number(value)) ? Number(value) : String(value)),
  isValid: (value) => typeof value === 'bigint',
  compare: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
});

/** Floor division and its remainder for BigInt (BigInt division truncates towards zero). */
function floorDivide(value, divisor) {
  let quotient = value / divisor;
  let remainder = value % divisor;
  if (remainder < 0n) {
    quotient -= 1n;
    remainder += divisor;
  }
  return [quotient, remainder];
}

function isoDate(epochDay) {
  const date = new Date(Number(epochDay) * 86400000);
  if (Number.isNaN(date.getTime())) {
    throw new RangeError(`date ${epochDay} days from 1970-01-01 is beyond what an ISO date can say`);
  }
  return date.toISOString().slice(0, -14); // drop 'T00:00:00.000Z'
}

function isoTimestamp(value, unitsPerSecond, digits) {
  const [seconds, fraction] = floorDivide(BigInt(value), unitsPerSecond);
  const date = new Date(Number(seconds) * 1000);
  if (Number.isNaN(date.getTime())) {
    throw new RangeError(`timestamp ${value} is beyond what an ISO timestamp can say`);
  }
  const whole = date.toISOString().slice(0, -5); // drop '.000Z'
  return `${whole}.${fraction.toString().padStart(digits, '0')}Z`;
}

function isoTime(value, unitsPerSecond, digits) {
  const [seconds, fraction] = floorDivide(BigInt(value), unitsPerSecond);
  if (seconds < 0n || seconds >= 86400n) {
    throw new RangeError(`time of day ${value} is outside 00:00..24:00`);
  }
  const hh = String(seconds / 3600n).padStart(2, '0');
  const mm = String((seconds % 3600n) / 60n).padStart(2, '0');
  const ss = String(seconds % 60n).padStart(2, '0');
  return `${hh}:${mm}:${ss}.${fraction.toString().padStart(digits, '0')}`;
}

class DateType extends avro.types.LogicalType {
  _fromValue(value) {
    return isoDate(value);
  }
  _toValue(value) {
    return Math.round(Date.parse(`${value}T00:00:00Z`) / 86400000);
  }
}

class TimestampMicrosType extends avro.types.LogicalType {
  _fromValue(value) {
    return isoTimestamp(value, MICROS_PER_SECOND, 6);
  }
  _toValue(value) {
    return BigInt(Date.parse(value)) * 1000n;
  }
}

class TimestampMillisType extends avro.types.LogicalType {
  _fromValue(value) {
    return isoTimestamp(value, 1000n, 3);
  }
  _toValue(value) {
    return BigInt(Date.parse(value));
  }
}

class TimeMicrosType extends avro.types.LogicalType {
  _fromValue(value) {
    return isoTime(value, MICROS_PER_SECOND, 6);
  }
  _toValue(value) {
    const [h, m, s] = value.split(':');
    return BigInt(Math.round((Number(h) * 3600 + Number(m) * 60 + Number(s)) * 1e6));
  }
}

class TimeMillisType extends avro.types.LogicalType {
  _fromValue(value) {
    return isoTime(value, 1000n, 3);
  }
  _toValue(value) {
    const [h, m, s] = value.split(':');
    return Math.round((Number(h) * 3600 + Number(m) * 60 + Number(s)) * 1000);
  }
}

/** bytes or fixed holding a two's-complement big-endian unscaled integer; printed exactly. */
class DecimalType extends avro.types.LogicalType {
  constructor(schema, opts) {
    super(schema, opts);
    this.scale = schema.scale || 0;
  }
  _fromValue(buffer) {
    let unscaled = buffer.length === 0 ? 0n : BigInt.asIntN(buffer.length * 8, BigInt(`0x${buffer.toString('hex')}`));
    const negative = unscaled < 0n;
    if (negative) unscaled = -unscaled;
    let digits = unscaled.toString().padStart(this.scale + 1, '0');
    if (this.scale > 0) digits = `${digits.slice(0, -this.scale)}.${digits.slice(-this.scale)}`;
    return negative ? `-${digits}` : digits;
  }
  _toValue(value) {
    const [whole, fraction = ''] = String(value).replace('-', '').split('.');
    let unscaled = BigInt(whole + fraction.padEnd(this.scale, '0').slice(0, this.scale));
    if (String(value).startsWith('-')) unscaled = -unscaled;
    const hex = BigInt.asUintN(128, unscaled).toString(16).padStart(32, '0');
    return Buffer.from(hex, 'hex');
  }
}

const LOGICAL_TYPES = {
  date: DateType,
  'timestamp-micros': TimestampMicrosType,
  'timestamp-millis': TimestampMillisType,
  'time-micros': TimeMicrosType,
  'time-millis': TimeMillisType,
  decimal: DecimalType,
};

/**
 * Makes every long a BigInt, including the long under a logical type: avsc builds a logical type's
 * underlying type by calling this hook again with the same schema, which then gets LONG.
 */
let buildingLogicalLong = false;
function typeHook(schema, opts) {
  const isLong = schema === 'long' || (schema !== null && typeof schema === 'object' && schema.type === 'long');
  if (!isLong) return undefined;
  const Logical = typeof schema === 'object' ? LOGICAL_TYPES[schema.logicalType] : undefined;
  if (!Logical || buildingLogicalLong) return LONG;
  buildingLogicalLong = true;
  try {
    return new Logical(schema, opts);
  } finally {
    buildingLogicalLong = false;
  }
}

// ---------------------------------------------------------------------------------------------

function usage() {
  return `usage: node consume.js [options]
  --bootstrap HOST:PORT   Kafka (env KAFKA_BOOTSTRAP; default 127.0.0.1:9092)
  --registry URL          the registry's Confluent-compatible API
                          (env SCHEMA_REGISTRY_URL; default https://127.0.0.1:8081/apis/ccompat/v7)
  --ca FILE               TLS to Kafka and the registry, trusting the CA in this PEM file, e.g. Travya's
                          .travya/tls/ca.crt (env TLS_CA_FILE); without it Kafka is reached without TLS
  --topics A,B,...        topics to read (env TOPICS; default ${DEFAULT_TOPICS.join(',')})
  --group ID              consumer group (env GROUP_ID; default a new group, so everything is read)
  --idle-seconds N        stop after N seconds without a record (env IDLE_SECONDS; default 10)
  --max-records N         stop after N records (env MAX_RECORDS; default no limit)
  --sasl-mechanism M      log in to Kafka with SASL: plain, scram-sha-256 or scram-sha-512
                          (env KAFKA_SASL_MECHANISM; default scram-sha-512 when a user is given);
                          the user and password come from the environment only:
                          KAFKA_USERNAME, KAFKA_PASSWORD (Travya's brokers take no anonymous client)`;
}

function options(argv, env) {
  const given = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return { help: true };
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`unexpected argument ${arg}`);
    const value = match[2] !== undefined ? match[2] : argv[++i];
    if (value === undefined) throw new Error(`${arg} needs a value`);
    given[match[1]] = value;
  }
  const known = ['bootstrap', 'registry', 'topics', 'group', 'idle-seconds', 'max-records', 'sasl-mechanism', 'ca'];
  for (const name of Object.keys(given)) {
    if (!known.includes(name)) throw new Error(`unknown option --${name}`);
  }
  const number = (text, name) => {
    if (text === undefined || text === '') return undefined;
    const n = Number(text);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number, not ${text}`);
    return n;
  };
  const topics = (given.topics || env.TOPICS || DEFAULT_TOPICS.join(','))
    .split(',')
    .map((topic) => topic.trim())
    .filter(Boolean);
  if (topics.length === 0) throw new Error('no topic to read');
  return {
    bootstrap: (given.bootstrap || env.KAFKA_BOOTSTRAP || '127.0.0.1:9092').split(','),
    registry: given.registry || env.SCHEMA_REGISTRY_URL || 'https://127.0.0.1:8081/apis/ccompat/v7',
    ca: given.ca || env.TLS_CA_FILE ? fs.readFileSync(given.ca || env.TLS_CA_FILE) : undefined,
    topics,
    group: given.group || env.GROUP_ID || `travya-analytics-example-${Date.now()}`,
    idleSeconds: number(given['idle-seconds'] || env.IDLE_SECONDS, 'idle-seconds') || 10,
    maxRecords: number(given['max-records'] || env.MAX_RECORDS, 'max-records'),
    sasl: sasl(given['sasl-mechanism'] || env.KAFKA_SASL_MECHANISM, env.KAFKA_USERNAME, env.KAFKA_PASSWORD),
  };
}

/** kafkajs's SASL settings, or undefined for a broker that takes anonymous clients. */
function sasl(mechanism, username, password) {
  if (!username) {
    if (mechanism) throw new Error('--sasl-mechanism needs KAFKA_USERNAME and KAFKA_PASSWORD in the environment');
    return undefined;
  }
  const chosen = (mechanism || 'scram-sha-512').toLowerCase();
  if (!['plain', 'scram-sha-256', 'scram-sha-512'].includes(chosen)) {
    throw new Error(`unknown SASL mechanism ${mechanism}: plain, scram-sha-256 or scram-sha-512`);
  }
  if (!password) throw new Error('KAFKA_USERNAME is set but KAFKA_PASSWORD is not');
  return { mechanism: chosen, username, password };
}

/** kafkajs logs to stdout by default; stdout is for records only. */
function stderrLogger() {
  return ({ namespace, label, log }) => {
    process.stderr.write(`[kafkajs ${label} ${namespace}] ${log.message}${log.error ? `: ${log.error}` : ''}\n`);
  };
}

/** Header values as UTF-8 text when they are text, else base64. */
function headers(raw) {
  const out = {};
  for (const [name, value] of Object.entries(raw || {})) {
    const values = Array.isArray(value) ? value : [value];
    const texts = values.map((buffer) => {
      if (buffer === null || buffer === undefined) return null;
      const text = Buffer.from(buffer).toString('utf8');
      const printable = Buffer.from(text, 'utf8').equals(Buffer.from(buffer)) && !/[\u0000-\u0008\u000e-\u001f]/.test(text);
      return printable ? text : `base64:${Buffer.from(buffer).toString('base64')}`;
    });
    out[name] = texts.length === 1 ? texts[0] : texts;
  }
  return out;
}

/** JSON for decoded values: BigInt as a number where exact, else as a string. */
function json(value) {
  return JSON.stringify(value, (_key, v) => {
    if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
    return v;
  });
}

async function main() {
  let settings;
  try {
    settings = options(process.argv.slice(2), process.env);
  } catch (e) {
    console.error(`${e.message}\n${usage()}`);
    return 2;
  }
  if (settings.help) {
    console.log(usage());
    return 0;
  }

  // TLS trusting the given CA only (Travya's servers have certificates from a local CA)
  const registry = new SchemaRegistry(
    { host: settings.registry, agent: settings.ca ? new https.Agent({ ca: settings.ca }) : undefined },
    { [SchemaType.AVRO]: { logicalTypes: LOGICAL_TYPES, typeHook } },
  );
  const kafka = new Kafka({
    clientId: 'travya-analytics-example',
    brokers: settings.bootstrap,
    ssl: settings.ca ? { ca: [settings.ca] } : undefined,
    sasl: settings.sasl,
    logLevel: logLevel.WARN,
    logCreator: stderrLogger,
  });
  const consumer = kafka.consumer({ groupId: settings.group, allowAutoTopicCreation: false });

  const perTopic = Object.fromEntries(settings.topics.map((topic) => [topic, { records: 0, decoded: 0, failed: 0, tombstones: 0 }]));
  const total = { records: 0, decoded: 0, failed: 0, tombstones: 0 };
  let lastActivity = Date.now();
  let joined = false;
  let stopReason = null;
  let finish;
  const finished = new Promise((resolve) => (finish = resolve));
  const stop = (reason) => {
    if (!stopReason) {
      stopReason = reason;
      finish();
    }
  };

  consumer.on(consumer.events.GROUP_JOIN, () => {
    joined = true;
    lastActivity = Date.now();
  });
  consumer.on(consumer.events.CRASH, (event) => {
    console.error(`consumer crashed: ${event.payload.error}`);
    stop('crash');
  });

  try {
    await consumer.connect();
    await consumer.subscribe({ topics: settings.topics, fromBeginning: true });
  } catch (e) {
    console.error(`cannot read ${settings.topics.join(', ')} from ${settings.bootstrap.join(',')}: ${e.message}`);
    await consumer.disconnect().catch(() => {});
    return 2;
  }

  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      if (stopReason) return;
      lastActivity = Date.now();
      const counts = perTopic[topic];
      counts.records++;
      total.records++;
      const where = {
        topic,
        partition,
        offset: Number(message.offset),
        key: message.key === null ? null : message.key.toString('utf8'),
      };
      if (message.value === null) {
        counts.tombstones++;
        total.tombstones++;
        console.log(json({ ...where, event_type: null, headers: headers(message.headers), value: null }));
      } else {
        try {
          const value = await registry.decode(message.value);
          const line = json({
            ...where,
            event_type: value.event_type === undefined ? null : String(value.event_type),
            schema_id: message.value.length >= 5 ? message.value.readInt32BE(1) : null,
            headers: headers(message.headers),
            value,
          });
          counts.decoded++;
          total.decoded++;
          console.log(line);
        } catch (e) {
          counts.failed++;
          total.failed++;
          console.log(json({ ...where, error: `${e.name}: ${e.message}` }));
        }
      }
      if (settings.maxRecords && total.records >= settings.maxRecords) stop(`${settings.maxRecords} records`);
    },
  });

  const idle = setInterval(() => {
    if (joined && Date.now() - lastActivity >= settings.idleSeconds * 1000) {
      stop(`idle ${settings.idleSeconds} s`);
    }
  }, 200);
  await finished;
  clearInterval(idle);
  await consumer.disconnect();

  console.log(json({ summary: { ...total, stopped: stopReason, group: settings.group, topics: perTopic } }));
  console.error(
    `${total.records} records from ${settings.topics.length} topics: ${total.decoded} decoded, ` +
      `${total.tombstones} tombstones, ${total.failed} failed to decode (stopped: ${stopReason})`,
  );
  return total.failed > 0 || stopReason === 'crash' ? 1 : 0;
}

main().then(
  (status) => process.exit(status),
  (e) => {
    console.error(e && e.stack ? e.stack : String(e));
    process.exit(2);
  },
);
