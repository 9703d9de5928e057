package io.touchline.scoring.domain.churn;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.touchline.scoring.domain.state.AccountState;

/**
 * Fits a tenant's churn model on its observations and outcomes and checks it over time: the model
 * is fitted on the earlier observation moments and judged on the later ones it never saw, next to
 * two baselines fitted the same way on one feature each (events in the last 28 days; days since
 * the last activity) and to the model active now. Pure and deterministic: the same observations
 * and outcomes always give the same model and figures.
 */
public final class ChurnTrainer {

    /**
     * @param horizonDays an observation is labelled churned when its account churned within this
     *        many days after it
     * @param holdoutShare the share of labelled observations, the latest, held out for testing
     * @param minChurns fewer churned observations than this in training, and the priors stay
     * @param l2 the regularisation strength on the standardised weights
     * @param targetPrecision the high-risk threshold is the lowest probability at which the held-out
     *        precision still reaches this
     */
    public record Settings(int horizonDays, double holdoutShare, int minChurns, double l2, double targetPrecision) {

        public static final Settings DEFAULT = new Settings(30, 0.3, 20, 0.01, 0.5);
    }

    /** The account's features at one moment of event time. */
    public record Observation(String accountId, Instant at, Map<String, Double> features) {
    }

    /**
     * The held-out figures, each beside the baselines' and the active model's on the same
     * observations.
     *
     * @param testFrom the first held-out moment; training used the moments before it
     * @param threshold how the high-risk threshold was set
     * @param precisionAtThreshold the held-out precision of "high" at the model's threshold
     * @param recallAtThreshold the share of held-out churners the threshold flags
     */
    public record Evaluation(Instant trainFrom, Instant testFrom, Instant testUntil, int trainObservations,
            int trainChurns, ChurnMetrics model, ChurnMetrics eventsBaseline, ChurnMetrics recencyBaseline,
            ChurnMetrics active, String threshold, Double precisionAtThreshold, Double recallAtThreshold) {
    }

    /**
     * What a training run gives.
     *
     * @param model the fitted model (version 0 until stored), null when there was too little data
     * @param evaluation null when there was too little data
     * @param activate whether the model beats the active one and both baselines on held-out AUC
     * @param reason why it is or is not activated, in words
     */
    public record Result(LearnedChurnModel model, Evaluation evaluation, boolean activate, String reason) {
    }

    /** The held-out churners a threshold must flag before its precision counts. */
    static final int MIN_CHURNERS_FLAGGED = 5;

    private ChurnTrainer() {
    }

    /**
     * @param churnedOn the day each churned account churned (its first churn)
     * @param dataEnd the newest moment the data covers: observations whose horizon reaches past it
     *        have no label yet, unless their account churned already
     * @param active the model active now, judged on the same held-out observations
     */
    public static Result train(List<Observation> observations, Map<String, LocalDate> churnedOn, Instant dataEnd,
            ChurnPredictor active, Settings settings) {
        List<Observation> sorted = new ArrayList<>(observations);
        sorted.sort(Comparator.comparing(Observation::at).thenComparing(Observation::accountId));
        LocalDate end = AccountState.day(dataEnd);
        TreeMap<Instant, List<Labelled>> byMoment = new TreeMap<>();
        int labelled = 0;
        for (Observation o : sorted) {
            LocalDate day = AccountState.day(o.at());
            LocalDate churn = churnedOn.get(o.accountId());
            if (churn != null && !churn.isAfter(day)) {
                continue;
            }
            boolean churned = churn != null && !churn.isAfter(day.plusDays(settings.horizonDays()));
            if (!churned && day.plusDays(settings.horizonDays()).isAfter(end)) {
                continue;
            }
            byMoment.computeIfAbsent(o.at(), at -> new ArrayList<>()).add(new Labelled(o, churned));
            labelled++;
        }
        if (byMoment.size() < 2) {
            return new Result(null, null, false, "Too little history: " + byMoment.size()
                    + " observation moment(s) with a known outcome; at least 2 are needed, one to train on and one to test on");
        }
        // The latest moments holding the hold-out share are the test; everything before trains.
        List<Labelled> test = new ArrayList<>();
        Instant testFrom = null;
        for (Instant moment : byMoment.descendingKeySet()) {
            if (test.size() >= settings.holdoutShare() * labelled || moment.equals(byMoment.firstKey())) {
                break;
            }
            test.addAll(0, byMoment.get(moment));
            testFrom = moment;
        }
        List<Labelled> train = new ArrayList<>();
        byMoment.headMap(testFrom).values().forEach(train::addAll);
        int trainChurns = (int) train.stream().filter(Labelled::churned).count();
        int testChurns = (int) test.stream().filter(Labelled::churned).count();
        if (trainChurns < settings.minChurns()) {
            return new Result(null, null, false, String.format(Locale.ROOT,
                    "Too few outcomes: %d churned observation(s) to train on, at least %d are needed; the built-in priors stay active",
                    trainChurns, settings.minChurns()));
        }
        if (testChurns == 0) {
            return new Result(null, null, false,
                    "No churn in the held-out period, so the model cannot be judged; the active model stays");
        }
        LearnedChurnModel model = fit(train, features(train), settings.l2());
        LearnedChurnModel events = fit(train, List.of(ChurnFeatures.EVENTS_28D), settings.l2());
        LearnedChurnModel recency = fit(train, List.of(ChurnFeatures.DAYS_SINCE_ACTIVITY), settings.l2());
        double[] p = predict(model, test);
        boolean[] y = new boolean[test.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = test.get(i).churned();
        }
        Threshold threshold = threshold(p, y, settings.targetPrecision());
        model = model.withThreshold(threshold.value());
        Evaluation evaluation = new Evaluation(byMoment.firstKey(), testFrom, byMoment.lastKey(), train.size(),
                trainChurns, ChurnMetrics.of(p, y), ChurnMetrics.of(predict(events, test), y),
                ChurnMetrics.of(predict(recency, test), y), ChurnMetrics.of(predict(active, test), y),
                threshold.rule(), threshold.precision(), threshold.recall());
        return verdict(model, evaluation);
    }

    /** Activates a candidate only when its held-out AUC beats the active model's and both baselines'. */
    static Result verdict(LearnedChurnModel model, Evaluation e) {
        double auc = e.model().auc();
        List<String> short_ = new ArrayList<>();
        if (auc <= e.eventsBaseline().auc()) {
            short_.add("the events baseline (" + e.eventsBaseline().auc() + ")");
        }
        if (auc <= e.recencyBaseline().auc()) {
            short_.add("the recency baseline (" + e.recencyBaseline().auc() + ")");
        }
        if (auc <= e.active().auc()) {
            short_.add("the active model (" + e.active().auc() + ")");
        }
        if (short_.isEmpty()) {
            return new Result(model, e, true, "Held-out AUC " + auc + " beats the active model (" + e.active().auc()
                    + ") and both baselines (events " + e.eventsBaseline().auc() + ", recency "
                    + e.recencyBaseline().auc() + ")");
        }
        return new Result(model, e, false, "Held-out AUC " + auc + " does not beat " + String.join(", ", short_));
    }

    private record Labelled(Observation observation, boolean churned) {
    }

    private record Threshold(double value, String rule, Double precision, Double recall) {
    }

    /** The features the model uses: those present in training, in their order, with the percentile after the events. */
    private static List<String> features(List<Labelled> train) {
        Set<String> names = new LinkedHashSet<>();
        for (Labelled l : train) {
            l.observation().features().forEach((name, value) -> {
                if (value != null) {
                    names.add(name);
                }
            });
        }
        if (names.contains(ChurnFeatures.EVENTS_28D)) {
            names.add(ChurnFeatures.EVENTS_PERCENTILE);
        }
        return List.copyOf(names);
    }

    private static LearnedChurnModel fit(List<Labelled> train, List<String> candidates, double l2) {
        List<Double> reference = List.of();
        double[] events = values(train, ChurnFeatures.EVENTS_28D, reference);
        if (candidates.contains(ChurnFeatures.EVENTS_PERCENTILE) && events.length > 0) {
            reference = LearnedChurnModel.quantiles(events);
        }
        List<LearnedChurnModel.Term> terms = new ArrayList<>();
        List<double[]> columns = new ArrayList<>();
        for (String name : candidates) {
            double[] present = values(train, name, reference);
            if (present.length == 0) {
                continue;
            }
            double mean = 0;
            for (double v : present) {
                mean += v;
            }
            mean /= present.length;
            double variance = 0;
            for (double v : present) {
                variance += (v - mean) * (v - mean);
            }
            double scale = Math.sqrt(variance / present.length);
            // A feature that never varies in training carries nothing to learn from.
            if (scale < 1e-9) {
                continue;
            }
            terms.add(new LearnedChurnModel.Term(name, mean, scale, 0));
            double[] column = new double[train.size()];
            for (int i = 0; i < column.length; i++) {
                Double v = value(train.get(i).observation().features(), name, reference);
                column[i] = v == null ? 0 : (v - mean) / scale;
            }
            columns.add(column);
        }
        double[][] x = new double[train.size()][terms.size()];
        int[] y = new int[train.size()];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < terms.size(); j++) {
                x[i][j] = columns.get(j)[i];
            }
            y[i] = train.get(i).churned() ? 1 : 0;
        }
        double[] b = LogisticFit.fit(x, y, l2);
        List<LearnedChurnModel.Term> fitted = new ArrayList<>(terms.size());
        for (int j = 0; j < terms.size(); j++) {
            LearnedChurnModel.Term t = terms.get(j);
            fitted.add(new LearnedChurnModel.Term(t.feature(), t.mean(), t.scale(), b[j + 1]));
        }
        return new LearnedChurnModel(0, b[0], fitted, 0.5, reference);
    }

    private static Double value(Map<String, Double> features, String name, List<Double> reference) {
        if (name.equals(ChurnFeatures.EVENTS_PERCENTILE)) {
            Double events = features.get(ChurnFeatures.EVENTS_28D);
            return events == null || reference.isEmpty() ? null : LearnedChurnModel.percentile(reference, events);
        }
        Double v = features.get(name);
        return v == null || v.isNaN() ? null : v;
    }

    private static double[] values(List<Labelled> rows, String name, List<Double> reference) {
        return rows.stream().map(l -> value(l.observation().features(), name, reference))
                .filter(v -> v != null).mapToDouble(Double::doubleValue).toArray();
    }

    private static double[] predict(ChurnPredictor model, List<Labelled> rows) {
        double[] p = new double[rows.size()];
        for (int i = 0; i < p.length; i++) {
            Double probability = model.predict(rows.get(i).observation().features()).probability();
            p[i] = probability == null ? 0 : probability;
        }
        return p;
    }

    /**
     * The lowest held-out probability at which "high" is still right at least {@code target} of
     * the time; when no threshold reaches the target, the one that flags the riskiest tenth.
     */
    private static Threshold threshold(double[] p, boolean[] y, double target) {
        Integer[] order = new Integer[p.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.<Integer> comparingDouble(i -> -p[i]).thenComparingInt(i -> i));
        int churns = 0;
        for (boolean c : y) {
            churns += c ? 1 : 0;
        }
        Threshold best = null;
        Threshold topDecile = null;
        int decile = Math.max(1, (int) Math.ceil(order.length / 10.0));
        int flagged = 0;
        int right = 0;
        for (int r = 0; r < order.length; r++) {
            flagged++;
            right += y[order[r]] ? 1 : 0;
            boolean lastOfTie = r + 1 == order.length || p[order[r + 1]] != p[order[r]];
            if (!lastOfTie) {
                continue;
            }
            double precision = ChurnMetrics.round4(right / (double) flagged);
            double recall = ChurnMetrics.round4(right / (double) churns);
            // A precision over a handful of accounts says nothing: the target counts from a few churners on.
            if (right >= MIN_CHURNERS_FLAGGED && right / (double) flagged >= target) {
                best = new Threshold(p[order[r]], "target precision " + target + " reached", precision, recall);
            }
            if (topDecile == null && flagged >= decile) {
                topDecile = new Threshold(p[order[r]], "target precision " + target
                        + " not reached at any threshold; the riskiest tenth is high", precision, recall);
            }
        }
        return best != null ? best : topDecile;
    }
}
