package dev.opad.schedule;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** The schedule enums as their wire names in Postgres, as the CHECK constraints of V8 spell them. */
final class ScheduleConverters {

    private ScheduleConverters() {
    }

    @Converter(autoApply = true)
    public static class Status implements AttributeConverter<ScheduleStatus, String> {
        @Override
        public String convertToDatabaseColumn(ScheduleStatus value) {
            return value == null ? null : value.wireName();
        }

        @Override
        public ScheduleStatus convertToEntityAttribute(String value) {
            return value == null ? null : ScheduleStatus.fromWireName(value);
        }
    }

    @Converter(autoApply = true)
    public static class Trigger implements AttributeConverter<RunTrigger, String> {
        @Override
        public String convertToDatabaseColumn(RunTrigger value) {
            return value == null ? null : value.wireName();
        }

        @Override
        public RunTrigger convertToEntityAttribute(String value) {
            return value == null ? null : RunTrigger.fromWireName(value);
        }
    }

    @Converter(autoApply = true)
    public static class Outcome implements AttributeConverter<RunOutcome, String> {
        @Override
        public String convertToDatabaseColumn(RunOutcome value) {
            return value == null ? null : value.wireName();
        }

        @Override
        public RunOutcome convertToEntityAttribute(String value) {
            return value == null ? null : RunOutcome.fromWireName(value);
        }
    }

    @Converter(autoApply = true)
    public static class Skip implements AttributeConverter<SkipReason, String> {
        @Override
        public String convertToDatabaseColumn(SkipReason value) {
            return value == null ? null : value.wireName();
        }

        @Override
        public SkipReason convertToEntityAttribute(String value) {
            return value == null ? null : SkipReason.fromWireName(value);
        }
    }
}
