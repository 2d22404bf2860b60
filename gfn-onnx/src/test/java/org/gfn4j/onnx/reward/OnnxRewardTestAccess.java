package org.gfn4j.onnx.reward;

import java.nio.file.Path;

/** Lets other test packages use the committed proxy reward model. */
public final class OnnxRewardTestAccess {
  private OnnxRewardTestAccess() {}

  /** The path of {@code proxy_reward.onnx} on the test class path. */
  public static Path proxyModel() {
    return OnnxRewardTest.proxyModel();
  }
}
