package io.platestream.schemas.registry;

/**
 * A request the schema registry answered with an error. Carries the Confluent protocol's error code
 * (for example 40401 subject not found, 40403 schema not found, 409 incompatible) and HTTP status.
 */
public class SchemaRegistryException extends RuntimeException {
  /** Error codes of the Confluent Schema Registry protocol that callers act on. */
  public static final int SUBJECT_NOT_FOUND = 40401;

  public static final int VERSION_NOT_FOUND = 40402;
  public static final int SCHEMA_NOT_FOUND = 40403;
  public static final int SUBJECT_COMPATIBILITY_NOT_CONFIGURED = 40408;
  public static final int INCOMPATIBLE_SCHEMA = 409;
  public static final int INVALID_SCHEMA = 42201;
  public static final int INVALID_VERSION = 42202;
  public static final int INVALID_COMPATIBILITY_LEVEL = 42203;
  public static final int BAD_REQUEST = 400;
  public static final int UNAUTHORIZED = 401;
  public static final int NOT_FOUND = 404;
  public static final int INTERNAL_ERROR = 50001;

  private final int errorCode;
  private final int httpStatus;

  public SchemaRegistryException(int httpStatus, int errorCode, String message) {
    super(message);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
  }

  public SchemaRegistryException(String message, Throwable cause) {
    super(message, cause);
    this.httpStatus = 0;
    this.errorCode = 0;
  }

  /** The Confluent error code, or 0 when the registry could not be reached at all. */
  public int errorCode() {
    return errorCode;
  }

  /** The HTTP status, or 0 when the registry could not be reached at all. */
  public int httpStatus() {
    return httpStatus;
  }
}
