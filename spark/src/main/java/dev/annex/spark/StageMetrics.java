package dev.annex.spark;

import org.apache.spark.SparkContext;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.StageInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Spark's own per-stage metrics of the jobs in one job group: wall time and shuffle bytes, as
 * the listener bus reports them. Used by {@link SparkScalingBenchmark}.
 */
final class StageMetrics extends SparkListener {

    /** One completed stage. */
    record Stage(int id, String name, long millis, long shuffleWriteBytes, long shuffleReadBytes) {
        @Override
        public String toString() {
            return name.replaceAll("[,;\\s]+", "_") + ":" + millis + "ms";
        }
    }

    private final Map<Integer, Integer> jobOfStage = new ConcurrentHashMap<>();
    private final Map<Integer, Stage> stages = new ConcurrentHashMap<>();
    private final Set<Integer> endedJobs = ConcurrentHashMap.newKeySet();

    @Override
    public void onJobStart(SparkListenerJobStart jobStart) {
        scala.jdk.javaapi.CollectionConverters.asJava(jobStart.stageIds())
                .forEach(stage -> jobOfStage.put((Integer) stage, jobStart.jobId()));
    }

    @Override
    public void onJobEnd(SparkListenerJobEnd jobEnd) {
        endedJobs.add(jobEnd.jobId());
    }

    @Override
    public void onStageCompleted(SparkListenerStageCompleted completed) {
        StageInfo info = completed.stageInfo();
        TaskMetrics metrics = info.taskMetrics();
        long millis = (Long) info.completionTime().get() - (Long) info.submissionTime().get();
        stages.put(info.stageId(), new Stage(info.stageId(), info.name(), millis,
                metrics.shuffleWriteMetrics().bytesWritten(), metrics.shuffleReadMetrics().totalBytesRead()));
    }

    /** The completed stages of the jobs of {@code group}, once the listener bus has delivered their ends. */
    List<Stage> stagesOf(SparkContext context, String group) throws InterruptedException {
        int[] jobs = context.statusTracker().getJobIdsForGroup(group);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!java.util.Arrays.stream(jobs).allMatch(endedJobs::contains) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Set<Integer> jobSet = java.util.Arrays.stream(jobs).boxed().collect(java.util.stream.Collectors.toSet());
        List<Stage> result = new ArrayList<>();
        stages.values().stream().filter(stage -> jobSet.contains(jobOfStage.get(stage.id())))
                .sorted(java.util.Comparator.comparingInt(Stage::id)).forEach(result::add);
        return result;
    }
}
