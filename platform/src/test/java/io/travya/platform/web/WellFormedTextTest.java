package io.travya.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

class WellFormedTextTest {

    record Note(String title, List<String> tags) {}

    private final JsonMapper json = JsonMapper.builder()
            .addModule(new SimpleModule("well-formed-text").setDeserializerModifier(new WellFormedText()))
            .build();

    @Test
    void readsTextWithSurrogatePairsAndEscapes() {
        Note note = json.readValue("{\"title\": \"caf\\u00e9 \\ud83d\\ude00\", \"tags\": [\"a\\tb\"]}", Note.class);

        assertThat(note.title()).isEqualTo("café 😀");
        assertThat(note.tags()).containsExactly("a\tb");
    }

    @Test
    void refusesANulCharacterOrALoneSurrogateNamingTheField() {
        for (String body : List.of(
                "{\"title\": \"a\\u0000b\"}",
                "{\"title\": \"a\\ud800b\"}",
                "{\"title\": \"\\udc00\"}",
                "{\"title\": \"end\\ud83d\"}",
                "{\"tags\": [\"ok\", \"a\\ud800\"]}")) {
            assertThatThrownBy(() -> json.readValue(body, Note.class))
                    .as(body)
                    .isInstanceOf(InvalidFormatException.class)
                    .satisfies(e ->
                            assertThat(((InvalidFormatException) e).getPath()).isNotEmpty());
        }
    }
}
