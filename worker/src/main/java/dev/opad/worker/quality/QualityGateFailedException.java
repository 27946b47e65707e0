package dev.opad.worker.quality;

import java.util.stream.Collectors;

/** The article still failed the quality gate after its revision round: a permanent failure naming what failed. */
public class QualityGateFailedException extends RuntimeException {

    private final GateReport report;

    public QualityGateFailedException(GateReport report) {
        super("the article failed the quality check after one revision: " + report.findings().stream()
                .map(Finding::message).collect(Collectors.joining(" ")));
        this.report = report;
    }

    public GateReport report() {
        return report;
    }
}
