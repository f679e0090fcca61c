package org.borderzone.system;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Request values of enumerations: trimmed, case-insensitive, or a 400 naming the field and the accepted values. */
public final class EnumParam {

  private EnumParam() {}

  public static <E extends Enum<E>> E parse(Class<E> type, String value, String field) {
    if (value == null || value.isBlank()) {
      throw ApiException.badField(field, "error.required");
    }
    try {
      return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.badField(field, "error.unknown-value", value,
          Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", ")));
    }
  }
}
