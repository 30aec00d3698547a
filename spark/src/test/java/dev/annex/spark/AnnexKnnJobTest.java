package dev.annex.spark;

import dev.annex.vector.Similarity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The batch job end to end on local Spark and real Parquet files: user→item with Flat shards
 * must match brute force (seeded clustered data, seeds 51/52); the demo runs item→item; options
 * and mistakes are reported the way every Annex command line reports them.
 */
class AnnexKnnJobTest {

    @TempDir
    Path directory;

    private static int run(StringWriter err, String... args) {
        CommandLine command = new CommandLine(new AnnexKnnJob());
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }

    @Test
    void userToItemFromParquetToParquetMatchesBruteForce() {
        float[][] items = LocalSpark.clustered(51, 400, 12, 4);
        float[][] users = LocalSpark.clustered(52, 30, 12, 4);
        LocalSpark.frame(items, 0).write().parquet(directory.resolve("items").toString());
        LocalSpark.frame(users, 9_000).withColumnRenamed("id", "user").write().parquet(directory.resolve("users").toString());
        String output = directory.resolve("neighbours").toString();

        StringWriter err = new StringWriter();
        int exit = run(err, "--master", "local[2]", "--items", directory.resolve("items").toString(),
                "--queries", directory.resolve("users").toString(), "--query-id-col", "user", "--output", output,
                "--spec", "Flat", "--similarity", "dot", "--shards", "3", "--k", "5");
        assertEquals(0, exit, err.toString());
        assertTrue(Files.exists(directory.resolve("neighbours-index/index.properties")));

        SparkResults results = SparkResults.of(LocalSpark.session().read().parquet(output), "user");
        assertEquals(users.length, results.ids().size());
        for (int u = 0; u < users.length; u++) {
            int[] truth = BruteForce.topK(Similarity.DOT, items, users[u], 5);
            assertArrayEquals(Arrays.stream(truth).mapToObj(i -> (Object) (long) i).toArray(), results.ids().get(9_000L + u),
                    "user " + (9_000 + u));
        }
    }

    @Test
    void demoRunsItemToItemWithoutSelf() {
        String output = directory.resolve("demo").toString();
        StringWriter err = new StringWriter();
        assertEquals(0, run(err, "--master", "local[2]", "--demo", "2000", "--output", output, "--shards", "2",
                "--exclude-self", "--save-model", directory.resolve("model").toString()), err.toString());
        SparkResults results = SparkResults.of(LocalSpark.session().read().parquet(output), "id");
        assertEquals(2000, results.ids().size());
        results.ids().forEach((id, neighbours) -> {
            assertEquals(10, neighbours.length);
            assertFalse(Arrays.asList(neighbours).contains(id), "item " + id + " found itself");
        });
        assertEquals(2000, AnnexKnnModel.load(directory.resolve("model").toString()).layout().items());
    }

    @Test
    void helpMistakesAndAnExistingOutputAreReportedClearly() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine help = new CommandLine(new AnnexKnnJob());
        help.setOut(new PrintWriter(out, true));
        assertEquals(0, help.execute("--help"));
        for (String option : new String[]{"--items", "--queries", "--output", "--spec", "--shards", "--replicas", "--k",
                "--ef", "--nprobe", "--exclude-self", "--similarity", "--index-path"}) {
            assertTrue(out.toString().contains(option), option + " missing from --help");
        }
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "--items", "x"), "--output is required");
        assertTrue(err.toString().contains("--output"), err.toString());

        Path existing = Files.createDirectories(directory.resolve("taken-index"));
        StringWriter taken = new StringWriter();
        CommandLine command = new CommandLine(new AnnexKnnJob());
        command.setErr(new PrintWriter(taken, true));
        command.setExecutionExceptionHandler((error, line, parsed) -> {
            line.getErr().println(error.getMessage());
            return 1;
        });
        LocalSpark.frame(LocalSpark.clustered(53, 10, 4, 2), 0).write().parquet(directory.resolve("few").toString());
        assertEquals(1, command.execute("--master", "local[2]", "--items", directory.resolve("few").toString(),
                "--output", directory.resolve("taken").toString()));
        assertTrue(taken.toString().contains("already exists") && taken.toString().contains(existing.toString()),
                taken.toString());
    }
}
