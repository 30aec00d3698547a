package dev.annex.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;

/** A {@link PlotCanvas} that draws into an image with Java2D, for PNG output. */
public final class ImageCanvas implements PlotCanvas {

    private final BufferedImage image;
    private final Graphics2D graphics;

    public ImageCanvas(int width, int height) {
        image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        graphics = image.createGraphics();
        graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        graphics.setColor(Color.WHITE);
        graphics.fillRect(0, 0, width, height);
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, Color color, float width, boolean dashed) {
        graphics.setColor(color);
        graphics.setStroke(dashed ? new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {3f, 3f}, 0f)
                : new BasicStroke(width));
        graphics.draw(new Line2D.Double(x1, y1, x2, y2));
    }

    @Override
    public void polyline(double[] xs, double[] ys, Color color, float width) {
        Path2D.Double path = new Path2D.Double();
        path.moveTo(xs[0], ys[0]);
        for (int i = 1; i < xs.length; i++) {
            path.lineTo(xs[i], ys[i]);
        }
        graphics.setColor(color);
        graphics.setStroke(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        graphics.draw(path);
    }

    @Override
    public void dot(double x, double y, double radius, Color color) {
        graphics.setColor(color);
        graphics.fill(new Ellipse2D.Double(x - radius, y - radius, 2 * radius, 2 * radius));
    }

    @Override
    public void box(double x, double y, double width, double height, Color outline) {
        Rectangle2D.Double rectangle = new Rectangle2D.Double(x, y, width, height);
        graphics.setColor(Color.WHITE);
        graphics.fill(rectangle);
        graphics.setColor(outline);
        graphics.setStroke(new BasicStroke(1f));
        graphics.draw(rectangle);
    }

    @Override
    public void text(double x, double y, String text, int size, Anchor anchor, boolean vertical) {
        graphics.setColor(Color.BLACK);
        graphics.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, size));
        double width = graphics.getFontMetrics().stringWidth(text);
        double shift = switch (anchor) {
            case START -> 0;
            case MIDDLE -> -width / 2;
            case END -> -width;
        };
        AffineTransform saved = graphics.getTransform();
        graphics.translate(x, y);
        if (vertical) {
            graphics.rotate(-Math.PI / 2);
        }
        graphics.drawString(text, (float) shift, 0f);
        graphics.setTransform(saved);
    }

    /** The finished image. */
    public BufferedImage image() {
        graphics.dispose();
        return image;
    }
}
