package io.touchline.scoring.domain.model;

import java.util.List;

/**
 * A piecewise-linear map from a raw input to a 0-100 measure value: straight lines between the
 * points, flat before the first and after the last. Points are ordered by x.
 */
public record Curve(List<Point> points) {

    /** One corner of the curve. */
    public record Point(double x, double value) {
    }

    public Curve {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("a curve needs at least one point");
        }
        for (Point p : points) {
            if (!Double.isFinite(p.x()) || !Double.isFinite(p.value())) {
                throw new IllegalArgumentException("curve points are finite numbers");
            }
        }
        for (int i = 1; i < points.size(); i++) {
            if (points.get(i).x() <= points.get(i - 1).x()) {
                throw new IllegalArgumentException("curve points must have increasing x");
            }
        }
        for (Point p : points) {
            if (p.value() < 0 || p.value() > 100) {
                throw new IllegalArgumentException("curve values lie within 0-100");
            }
        }
        points = List.copyOf(points);
    }

    /** Curve from alternating x, value pairs: {@code of(0, 0, 1, 100)}. */
    public static Curve of(double... xValuePairs) {
        if (xValuePairs.length % 2 != 0) {
            throw new IllegalArgumentException("pairs of x and value");
        }
        Point[] points = new Point[xValuePairs.length / 2];
        for (int i = 0; i < points.length; i++) {
            points[i] = new Point(xValuePairs[2 * i], xValuePairs[2 * i + 1]);
        }
        return new Curve(List.of(points));
    }

    public double apply(double x) {
        Point first = points.get(0);
        if (x <= first.x()) {
            return first.value();
        }
        for (int i = 1; i < points.size(); i++) {
            Point right = points.get(i);
            if (x <= right.x()) {
                Point left = points.get(i - 1);
                return left.value() + (right.value() - left.value()) * (x - left.x()) / (right.x() - left.x());
            }
        }
        return points.get(points.size() - 1).value();
    }
}
