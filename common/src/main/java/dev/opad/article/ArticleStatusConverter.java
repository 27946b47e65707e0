package dev.opad.article;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

@Converter(autoApply = true)
public class ArticleStatusConverter implements AttributeConverter<ArticleStatus, String> {
    @Override
    public String convertToDatabaseColumn(ArticleStatus status) {
        return status == null ? null : status.wireName();
    }

    @Override
    public ArticleStatus convertToEntityAttribute(String value) {
        return value == null ? null : ArticleStatus.fromWireName(value);
    }
}
