package io.touchline.messaging;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;

/** Conversions between rows of the reactive PostgreSQL client and Java values. */
public final class Sql {

    private Sql() {
    }

    public static OffsetDateTime time(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    public static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    public static Instant instant(Row row, String column) {
        return instant(row.getOffsetDateTime(column));
    }

    public static LocalDate date(Row row, String column) {
        return row.getLocalDate(column);
    }

    public static List<String> strings(Row row, String column) {
        String[] values = row.getArrayOfStrings(column);
        return values == null ? List.of() : List.of(values);
    }

    public static List<Instant> instants(Row row, String column) {
        OffsetDateTime[] values = row.getArrayOfOffsetDateTimes(column);
        List<Instant> result = new ArrayList<>(values == null ? 0 : values.length);
        if (values != null) {
            for (OffsetDateTime value : values) {
                result.add(value.toInstant());
            }
        }
        return result;
    }

    public static <T> List<T> list(RowSet<Row> rows, Function<Row, T> read) {
        List<T> result = new ArrayList<>(rows.size());
        for (Row row : rows) {
            result.add(read.apply(row));
        }
        return result;
    }
}
