package org.gfn4j.core.eval;

import static java.util.Objects.requireNonNull;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.core.model.GFlowNet;

/**
 * Two evaluators as one: the first's metrics (and its metrics per condition), then the second's that the first
 * does not report (an exact evaluation's {@code modes_found} stays the exact one). Each observes every batch; the
 * state is the first's, then the second's.
 */
public final class CombinedEvaluator implements Evaluator {
  private final Evaluator first;
  private final Evaluator second;
  private final List<String> metricNames;

  public CombinedEvaluator(Evaluator first, Evaluator second) {
    this.first = requireNonNull(first, "first is null");
    this.second = requireNonNull(second, "second is null");
    List<String> names = new ArrayList<>(first.metricNames());
    second.metricNames().stream().filter(name -> !names.contains(name)).forEach(names::add);
    this.metricNames = List.copyOf(names);
  }

  /** The first evaluator (the exact one, where the environment is enumerable). */
  public Evaluator first() {
    return first;
  }

  @Override
  public List<String> metricNames() {
    return metricNames;
  }

  @Override
  public List<String> conditionLabels() {
    return first.conditionLabels();
  }

  @Override
  public void observe(Trajectories batch) {
    first.observe(batch);
    second.observe(batch);
  }

  @Override
  public Evaluation evaluate(GFlowNet model) {
    Evaluation main = first.evaluate(model);
    Map<String, Double> metrics = new LinkedHashMap<>(main.metrics());
    second.evaluate(model).metrics().forEach(metrics::putIfAbsent);
    return new Evaluation(metrics, main.byCondition());
  }

  @Override
  public void writeState(DataOutput out) throws IOException {
    first.writeState(out);
    second.writeState(out);
  }

  @Override
  public void readState(DataInput in) throws IOException {
    first.readState(in);
    second.readState(in);
  }
}
