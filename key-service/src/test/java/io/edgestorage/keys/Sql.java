package io.edgestorage.keys;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plain JDBC on the test database, to look at rows the way an attacker with a dump would. */
public final class Sql {

    private static final String URL = "jdbc:postgresql://" + env("EDGE_PG_HOST", "127.0.0.1") + ":"
            + env("EDGE_PG_PORT", "5432") + "/" + env("EDGE_PG_TEST_DB", "edge_test");

    private Sql() {
    }

    public static List<Map<String, Object>> query(String sql, Object... params) {
        try (Connection c = DriverManager.getConnection(URL, env("EDGE_PG_USER", "edge"), env("EDGE_PG_PASSWORD", "edge"));
                PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            if (!st.execute()) {
                return List.of();
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet rs = st.getResultSet()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, Object> one(String sql, Object... params) {
        List<Map<String, Object>> rows = query(sql, params);
        if (rows.size() != 1) {
            throw new IllegalStateException("expected one row, got " + rows.size() + " for " + sql);
        }
        return rows.get(0);
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
