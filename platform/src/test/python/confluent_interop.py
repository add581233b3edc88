#!/usr/bin/python3
"""Third-party side of the interoperability test: Confluent's own Python client (Debian's
python3-confluent-kafka 1.7 with python3-avro) talking to PlateStream's registry and serde.

  consume  reads one Avro record from a topic and prints its fields as JSON (bytes as hex)
  produce  writes one Frame record with the given schema file and field values
"""
import argparse
import json
import sys

from confluent_kafka import Consumer
from confluent_kafka.avro import AvroProducer, CachedSchemaRegistryClient
from confluent_kafka.avro.load import load
from confluent_kafka.avro.serializer.message_serializer import MessageSerializer


def to_json(value):
    if isinstance(value, (bytes, bytearray)):
        return {"hex": bytes(value).hex()}
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    return value


def consume(args):
    # PlateStream keys are plain strings; AvroConsumer 1.7 would decode keys as Avro too, so the
    # value alone goes through Confluent's own Avro message serializer and registry client.
    serde = MessageSerializer(CachedSchemaRegistryClient({"url": args.registry}))
    consumer = Consumer({
        "bootstrap.servers": args.bootstrap,
        "group.id": args.group,
        "auto.offset.reset": "earliest",
    })
    consumer.subscribe([args.topic])
    try:
        for _ in range(int(args.timeout * 2)):
            message = consumer.poll(0.5)
            if message is None:
                continue
            if message.error():
                print("consumer error: %s" % message.error(), file=sys.stderr)
                return 2
            key = message.key().decode("utf-8") if message.key() is not None else None
            value = serde.decode_message(message.value())
            print(json.dumps({"key": key, "value": to_json(value)}, ensure_ascii=False))
            return 0
        print("no record on %s within %s s" % (args.topic, args.timeout), file=sys.stderr)
        return 3
    finally:
        consumer.close()


def produce(args):
    producer = AvroProducer({
        "bootstrap.servers": args.bootstrap,
        "schema.registry.url": args.registry,
        "enable.idempotence": True,
    }, default_value_schema=load(args.schema))
    value = json.loads(args.value)
    value["jpeg"] = bytes.fromhex(value["jpeg"])
    producer.produce(topic=args.topic, key=None, value=value)
    remaining = producer.flush(30)
    if remaining:
        print("%d record(s) not delivered" % remaining, file=sys.stderr)
        return 2
    return 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["consume", "produce"])
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--registry", required=True)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--group", default="python-interop")
    parser.add_argument("--timeout", type=float, default=30)
    parser.add_argument("--schema")
    parser.add_argument("--value")
    args = parser.parse_args()
    return consume(args) if args.mode == "consume" else produce(args)


if __name__ == "__main__":
    sys.exit(main())
