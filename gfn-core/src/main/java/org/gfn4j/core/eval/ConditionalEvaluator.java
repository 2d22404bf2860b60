package org.gfn4j.core.eval;

import static java.util.Objects.requireNonNull;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.core.model.GFlowNet;

/**
 * Exact evaluation of a conditional enumerable environment at given condition values: one {@link ExactEvaluator}
 * per condition (the state graph shared), each comparing the learned terminal distribution at that condition with
 * the reward at that condition, and the learned log Z(c) with the true one. The evaluation's own metrics are the
 * means over the conditions; {@link Evaluation#byCondition()} holds each condition's. Its state is each
 * condition's modes found and the position of the random stream they share.
 */
public final class ConditionalEvaluator implements Evaluator {
  private final Map<String, ExactEvaluator> byCondition = new LinkedHashMap<>();

  /**
   * @param graph an exact evaluator of the conditional environment (its state graph)
   * @param conditions the 1-wide condition values to evaluate at (at least one)
   */
  public ConditionalEvaluator(ExactEvaluator graph, List<Double> conditions) {
    requireNonNull(graph, "graph is null");
    if (conditions.isEmpty()) {
      throw new IllegalArgumentException("a conditional evaluation needs at least one condition");
    }
    for (double c : conditions) {
      byCondition.put(label(c), graph.atCondition(c));
    }
  }

  /** A condition as it labels metrics: {@code 0}, {@code 0.25}, {@code 1}. */
  public static String label(double c) {
    return BigDecimal.valueOf(c).stripTrailingZeros().toPlainString();
  }

  /** The evaluator at the condition labelled {@code label}. */
  public ExactEvaluator at(String label) {
    ExactEvaluator evaluator = byCondition.get(label);
    if (evaluator == null) {
      throw new IllegalArgumentException("no evaluation at condition " + label + "; evaluated at "
          + byCondition.keySet());
    }
    return evaluator;
  }

  @Override
  public List<String> metricNames() {
    return ExactEvaluator.METRICS;
  }

  @Override
  public List<String> conditionLabels() {
    return new ArrayList<>(byCondition.keySet());
  }

  @Override
  public Evaluation evaluate(GFlowNet model) {
    Map<String, Evaluation> evaluations = new LinkedHashMap<>();
    byCondition.forEach((label, evaluator) -> evaluations.put(label, evaluator.evaluate(model)));
    Map<String, Double> means = new LinkedHashMap<>();
    for (String metric : evaluations.values().iterator().next().metrics().keySet()) {
      double sum = 0;
      for (Evaluation evaluation : evaluations.values()) {
        sum += evaluation.get(metric);
      }
      means.put(metric, sum / evaluations.size());
    }
    return new Evaluation(means, evaluations);
  }

  @Override
  public void observe(Trajectories batch) {
    byCondition.values().forEach(evaluator -> evaluator.observe(batch));
  }

  /** Writes the number of conditions, each condition's label and modes found, then the shared stream's position. */
  @Override
  public void writeState(DataOutput out) throws IOException {
    out.writeInt(byCondition.size());
    for (Map.Entry<String, ExactEvaluator> entry : byCondition.entrySet()) {
      out.writeUTF(entry.getKey());
      entry.getValue().writeModesFound(out);
    }
    byCondition.values().iterator().next().writeStream(out);
  }

  /**
   * Restores a state {@link #writeState} wrote; changes nothing unless the whole state is read and fits.
   *
   * @throws IllegalArgumentException naming what differs when the checkpoint's conditions or modes are not these
   */
  @Override
  public void readState(DataInput in) throws IOException {
    int count = in.readInt();
    if (count != byCondition.size()) {
      throw new IllegalArgumentException("conditional evaluator state: " + count + " conditions in the checkpoint, "
          + byCondition.size() + " in the run " + byCondition.keySet());
    }
    List<Runnable> changes = new ArrayList<>();
    for (Map.Entry<String, ExactEvaluator> entry : byCondition.entrySet()) {
      String label = in.readUTF();
      if (!label.equals(entry.getKey())) {
        throw new IllegalArgumentException("conditional evaluator state: condition " + changes.size() + " is "
            + label + " in the checkpoint, " + entry.getKey() + " in the run");
      }
      changes.add(entry.getValue().readModesFound(in));
    }
    changes.add(byCondition.values().iterator().next().readStream(in));
    changes.forEach(Runnable::run);
  }
}
