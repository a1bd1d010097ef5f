package dev.jobs.worker.runpod;

import dev.jobs.worker.handler.PermanentJobException;

/** RunPod rejected the API key (401 or 403). The message names the setting to fix and never contains the key. */
public class RunPodAuthenticationException extends PermanentJobException {

    public RunPodAuthenticationException(String message) {
        super(message);
    }
}
