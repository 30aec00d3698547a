package dev.annex.bench.report;

import java.awt.Color;

/** The drawing operations a plot needs, in pixels from the top-left corner. */
public interface PlotCanvas {

    /** Where a text's anchor point lies along it. */
    enum Anchor { START, MIDDLE, END }

    /** A straight line; dashed lines are drawn as grid lines. */
    void line(double x1, double y1, double x2, double y2, Color color, float width, boolean dashed);

    /** A line through the points {@code (xs[i], ys[i])}. */
    void polyline(double[] xs, double[] ys, Color color, float width);

    /** A filled dot marking a data point. */
    void dot(double x, double y, double radius, Color color);

    /** An outlined, white-filled rectangle. */
    void box(double x, double y, double width, double height, Color outline);

    /** Text with its baseline at {@code y}; {@code vertical} turns it to read upwards around its anchor. */
    void text(double x, double y, String text, int size, Anchor anchor, boolean vertical);
}
