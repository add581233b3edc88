package io.platestream.schemas.registry;

/** One version of a subject as the registry returns it. */
public record RegisteredSchema(String subject, int id, int version, String schema) {}
