package io.touchline.scoring.domain.model;

/**
 * Band thresholds with hysteresis: a score at or above {@code greenFrom} is green, below
 * {@code redBelow} red, yellow between; but an account only leaves its current band once the
 * score is past the boundary by {@code hysteresis} points, so a score hovering at a boundary does
 * not flap.
 */
public record Bands(double redBelow, double greenFrom, double hysteresis) {

    public static final Bands DEFAULT = new Bands(50, 75, 3);

    public Bands {
        // Written so that NaN fails every comparison; a hysteresis as wide as yellow would keep
        // an account from ever leaving its band.
        if (!(0 < redBelow && redBelow < greenFrom && greenFrom <= 100)
                || !(0 <= hysteresis && hysteresis < greenFrom - redBelow)) {
            throw new IllegalArgumentException(
                    "bands need 0 < redBelow < greenFrom <= 100 and 0 <= hysteresis < greenFrom - redBelow");
        }
    }

    /** The band of a score with no band before it. */
    public Band of(double score) {
        return score < redBelow ? Band.RED : score < greenFrom ? Band.YELLOW : Band.GREEN;
    }

    /** The band of a score given the band the account is in now (null: none yet). */
    public Band next(double score, Band current) {
        Band plain = of(score);
        if (current == null || plain == current) {
            return plain;
        }
        // Moving to a better band needs the boundary plus the margin; to a worse one, minus it.
        double up = current == Band.RED ? redBelow : greenFrom;
        double down = current == Band.GREEN ? greenFrom : redBelow;
        if (plain.ordinal() > current.ordinal()) {
            return score >= up + hysteresis ? of(score - hysteresis) : current;
        }
        return score < down - hysteresis ? of(score + hysteresis) : current;
    }
}
