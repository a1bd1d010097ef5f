package dev.jobs.store.query;

import dev.jobs.api.JobStatus;
import dev.jobs.store.JobStore;
import dev.jobs.store.job.JobRow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobListQueryTest {

    private static JobStore store;
    private static JobListQuery query;
    private static final Instant BASE = Instant.parse("2030-01-01T00:00:00Z");

    @BeforeAll
    static void migrate() {
        store = TestJobs.store();
        query = new JobListQuery(store.dsl());
    }

    @Test
    void pagesCoverEveryJobOnceNewestFirst() {
        String type = TestJobs.uniqueType();
        // Groups of three rows share a created_at, so the id must break ties between pages.
        List<UUID> inserted = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            inserted.add(TestJobs.insert(type, BASE.plusSeconds(i / 3)));
        }

        List<UUID> seen = new ArrayList<>();
        PageCursor cursor = null;
        int pages = 0;
        do {
            JobPage page = query.list(new JobFilter(null, type, null, null), cursor, 5);
            page.jobs().forEach(job -> seen.add(job.id()));
            cursor = page.next() == null ? null : PageCursor.decode(page.next().encode());
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(pages).isEqualTo(5);
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(new HashSet<>(seen)).isEqualTo(new HashSet<>(inserted));
        List<JobRow> rows = seen.stream().map(id -> store.jobs().find(id).orElseThrow()).toList();
        for (int i = 1; i < rows.size(); i++) {
            assertThat(rows.get(i).createdAt()).as("created_at of item %d", i).isBeforeOrEqualTo(rows.get(i - 1).createdAt());
        }
    }

    @Test
    void lastPageHasNoCursor() {
        String type = TestJobs.uniqueType();
        TestJobs.insert(type, BASE);
        TestJobs.insert(type, BASE.plusSeconds(1));

        JobPage page = query.list(new JobFilter(null, type, null, null), null, 2);

        assertThat(page.jobs()).hasSize(2);
        assertThat(page.next()).isNull();
    }

    @Test
    void rowsInsertedWhilePagingDoNotShiftPages() {
        String type = TestJobs.uniqueType();
        Set<UUID> before = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            before.add(TestJobs.insert(type, BASE.plusSeconds(i)));
        }
        JobPage first = query.list(new JobFilter(null, type, null, null), null, 3);
        TestJobs.insert(type, BASE.plusSeconds(100));

        JobPage second = query.list(new JobFilter(null, type, null, null), first.next(), 3);

        Set<UUID> seen = new HashSet<>();
        first.jobs().forEach(job -> seen.add(job.id()));
        second.jobs().forEach(job -> seen.add(job.id()));
        assertThat(seen).isEqualTo(before);
    }

    @Test
    void filtersByStatusAndCreationTime() {
        String type = TestJobs.uniqueType();
        UUID old = TestJobs.insert(type, BASE.minusSeconds(60));
        UUID middle = TestJobs.insert(type, BASE);
        UUID recent = TestJobs.insert(type, BASE.plusSeconds(60));
        store.jobs().markRunning(middle, Instant.now(), Instant.now().plusSeconds(60));

        List<UUID> running = ids(query.list(new JobFilter(JobStatus.RUNNING, type, null, null), null, 50));
        List<UUID> pending = ids(query.list(new JobFilter(JobStatus.PENDING, type, null, null), null, 50));
        List<UUID> window = ids(query.list(new JobFilter(null, type, BASE.minusSeconds(60), BASE.plusSeconds(60)), null, 50));

        assertThat(running).containsExactly(middle);
        assertThat(pending).containsExactly(recent, old);
        assertThat(window).as("both bounds exclusive").containsExactly(middle);
    }

    @Test
    void limitOutOfRangeIsRejected() {
        assertThatThrownBy(() -> query.list(JobFilter.all(), null, 0)).hasMessageContaining("limit is 0");
        assertThatThrownBy(() -> query.list(JobFilter.all(), null, 501)).hasMessageContaining("allowed 1 to 500");
    }

    @Test
    void cursorRoundTripsAndRejectsGarbage() {
        PageCursor cursor = new PageCursor(Instant.parse("2030-01-01T00:00:00.123456Z"), UUID.randomUUID());

        assertThat(PageCursor.decode(cursor.encode())).isEqualTo(cursor);
        assertThatThrownBy(() -> PageCursor.decode("not a cursor!")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid page cursor");
        assertThatThrownBy(() -> PageCursor.decode("aGVsbG8")).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<UUID> ids(JobPage page) {
        return page.jobs().stream().map(JobRow::id).toList();
    }
}
