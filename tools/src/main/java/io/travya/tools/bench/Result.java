package io.travya.tools.bench;

/**
 * One line of the benchmark's table: what was measured, its value and unit, and, where the issue
 * sets one, the ratio or the target it is judged by.
 */
public record Result(String scenario, String measure, double value, String unit, String judgement) {

    public static Result of(String scenario, String measure, double value, String unit) {
        return new Result(scenario, measure, value, unit, "");
    }

    public Result judged(String judgement) {
        return new Result(scenario, measure, value, unit, judgement);
    }

    public String formatted() {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (Math.abs(value) >= 100 || value == Math.rint(value)) {
            return String.format("%,.0f", value);
        }
        return String.format("%.2f", value);
    }
}
