package org.gfn4j.core.terms;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gfn4j.api.objective.Term;

/**
 * Makes the part of each term an objective reads and runs their backward passes in a fixed order, so that a
 * result never depends on the iteration order of a set: PF's shared pass after the parts that feed it, then the
 * others.
 */
public final class TermParts {
  /** The built-in terms in the order their parts are made and back-propagated. */
  private static final List<Term> ORDER = List.of(Term.LOG_PF, Term.PF_LOG_PROBS, Term.PF_LOGITS,
      Term.PF_PARENT_LOGITS, Term.LOG_PB, Term.LOG_F, Term.LOG_Z, Term.STATE_LOG_REWARD, Term.PRIOR_LOG_PF);
  private static final int SHARED_FORWARD_PARTS = 3;

  private final TermContext context;
  private final Map<Term, TermPart> parts = new LinkedHashMap<>();

  /**
   * Makes every term's part (PB's first, when it runs on the side thread, so that it overlaps with PF's).
   *
   * @param backwardOnSideThread whether {@code LOG_PB}'s passes run on the side thread
   */
  public TermParts(TermContext context, Collection<Term> terms, boolean backwardOnSideThread) {
    this.context = context;
    List<Term> ordered = ordered(terms);
    if (backwardOnSideThread && ordered.contains(Term.LOG_PB)) {
      parts.put(Term.LOG_PB, new LogPbPart(context, true));
    }
    try {
      for (Term term : ordered) {
        if (!parts.containsKey(term)) {
          parts.put(term, create(term));
        }
      }
    } catch (RuntimeException | Error e) {
      cancel(e);
      throw e;
    }
  }

  /** The terms in their canonical order: the built-in ones as listed, then the others by key. */
  static List<Term> ordered(Collection<Term> terms) {
    List<Term> ordered = new ArrayList<>(terms);
    ordered.sort(Comparator.comparingInt((Term term) -> ORDER.contains(term) ? ORDER.indexOf(term) : ORDER.size())
        .thenComparing(Term::key));
    return ordered;
  }

  private TermPart create(Term term) {
    if (!term.isBuiltIn()) {
      return new EstimatorOutputPart(context, term);
    }
    return switch (term.key()) {
      case "log_pf" -> new LogPfPart(context);
      case "log_pb" -> new LogPbPart(context, false);
      case "log_z" -> new LogZPart(context);
      case "log_f" -> new LogFPart(context);
      case "pf_log_probs" -> new PfLogProbsPart(context);
      case "pf_logits" -> new PfLogitsPart(context);
      case "pf_parent_logits" -> new PfParentLogitsPart(context);
      case "state_log_reward" -> new StateLogRewardPart(context);
      case "prior_log_pf" -> new PriorLogPfPart(context);
      default -> throw new IllegalStateException("no part for term " + term);
    };
  }

  /** Every term's values, for the objective. */
  public Map<Term, double[]> values() {
    Map<Term, double[]> values = new LinkedHashMap<>();
    parts.forEach((term, part) -> values.put(term, part.values()));
    return values;
  }

  /**
   * Back-propagates the objective's gradients: PB's hand-off to the side thread first, then the parts feeding
   * PF's shared pass, that pass, and every other part; then waits for the side thread.
   *
   * @param gradients dLoss/dTerm of each term, laid out like its values
   */
  public void backward(Map<Term, double[]> gradients) {
    try {
      List<Map.Entry<Term, TermPart>> entries = new ArrayList<>(parts.entrySet());
      for (Map.Entry<Term, TermPart> entry : entries) {
        if (entry.getValue() instanceof LogPbPart pb && pb.onSideThread()) {
          pb.backward(gradients.get(entry.getKey()));
        }
      }
      for (Map.Entry<Term, TermPart> entry : entries) {
        if (ORDER.indexOf(entry.getKey()) >= 0 && ORDER.indexOf(entry.getKey()) < SHARED_FORWARD_PARTS) {
          entry.getValue().backward(gradients.get(entry.getKey()));
        }
      }
      context.backwardShared();
      for (Map.Entry<Term, TermPart> entry : entries) {
        int rank = ORDER.indexOf(entry.getKey());
        boolean sideHandOff = entry.getValue() instanceof LogPbPart pb && pb.onSideThread();
        if ((rank < 0 || rank >= SHARED_FORWARD_PARTS) && !sideHandOff) {
          entry.getValue().backward(gradients.get(entry.getKey()));
        }
      }
      for (TermPart part : parts.values()) {
        part.await();
      }
    } catch (RuntimeException | Error e) {
      cancel(e);
      throw e;
    }
  }

  /** Releases work running elsewhere after a failure. */
  public void cancel(Throwable reason) {
    parts.values().forEach(part -> part.cancel(reason));
  }
}
