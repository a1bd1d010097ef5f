package dev.jobs.producer.service;

import dev.jobs.producer.client.JobView;
import dev.jobs.store.query.JobListQuery;
import dev.jobs.store.query.JobPage;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/** {@code GET /jobs}: jobs newest first, filtered, one page at a time; {@code next} is the cursor of the next page. */
@RestController
public class JobListController {

    /**
     * One page of jobs.
     *
     * @param next the {@code after} value of the following page, or {@code null} on the last page
     */
    public record JobList(List<JobView> items, String next) {
    }

    private final JobListQuery query;

    public JobListController(JobListQuery query) {
        this.query = query;
    }

    @GetMapping("/jobs")
    public JobList list(@RequestParam Map<String, String> parameters) {
        ListParameters request = ListParameters.parse(parameters);
        JobPage page = query.list(request.filter(), request.after(), request.limit());
        List<JobView> items = page.jobs().stream().map(JobView::of).toList();
        return new JobList(items, page.next() == null ? null : page.next().encode());
    }
}
