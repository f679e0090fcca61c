package org.borderzone.system;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * The error shape every client relies on, checked in the fast tier (no database, no server, milliseconds):
 * {@link ProblemAdvice} with the real {@link ProblemWriter} and the real {@code messages} bundle, in front of a
 * throw-away controller that provokes each kind of failure. Each answer must be RFC 9457
 * {@code application/problem+json} with {@code type}, {@code title}, {@code status}, {@code instance}, the
 * offending {@code field} and {@code errors[{field, message}]} with the text from the bundle, never the key.
 * The end-to-end versions over real endpoints are in {@code ProblemResponsesIT}.
 */
class ProblemShapeTest {

  record Item(int n) {}

  record Body(int count, String name, List<Item> items) {}

  record Named(@NotBlank String name) {}

  @RestController
  static class Provoker {
    @PostMapping(path = "/t/body", consumes = MediaType.APPLICATION_JSON_VALUE)
    Body body(@RequestBody Body b) {
      return b;
    }

    @PostMapping(path = "/t/valid", consumes = MediaType.APPLICATION_JSON_VALUE)
    Named valid(@Valid @RequestBody Named n) {
      return n;
    }

    @GetMapping("/t/param")
    int param(@RequestParam int n) {
      return n;
    }

    @GetMapping("/t/api")
    void api() {
      throw new ApiException(HttpStatus.BAD_REQUEST, "problem.invalid-input", List.of(
          new ApiException.FieldError("from", "error.required"),
          new ApiException.FieldError("to", "error.wrong-type", "yesterday")));
    }

    @GetMapping("/t/missing")
    void missing() {
      throw ApiException.notFound("incident", 7);
    }

    @GetMapping("/t/conflict")
    void conflict() {
      throw new DataIntegrityViolationException("duplicate key value violates unique constraint \"secret_idx\"");
    }

    @GetMapping("/t/boom")
    void boom() {
      throw new IllegalStateException("password=hunter2 at /var/lib/secret");
    }
  }

  private MockMvc mvc;

  @BeforeEach
  void setUp() {
    ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
    messages.setBasenames("messages", "i18n/web");
    messages.setDefaultEncoding("UTF-8");
    messages.setFallbackToSystemLocale(false);
    ProblemWriter writer = new ProblemWriter(messages, JsonMapper.builder().build());
    mvc = MockMvcBuilders.standaloneSetup(new Provoker())
        .setControllerAdvice(new ProblemAdvice(writer))
        .setMessageConverters(new JacksonJsonHttpMessageConverter())
        .build();
  }

  /** The parts every problem has, whatever went wrong. */
  private static ResultActions problem(ResultActions r, int status, String slug, String path) throws Exception {
    return r.andExpect(status().is(status))
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.status").value(status))
        .andExpect(jsonPath("$.type").value(ProblemWriter.TYPE_BASE + slug))
        .andExpect(jsonPath("$.title").isNotEmpty())
        .andExpect(jsonPath("$.instance").value(path));
  }

  private ResultActions postJson(String path, String body) throws Exception {
    return mvc.perform(post(path).contentType(MediaType.APPLICATION_JSON).content(body));
  }

  @Test
  void wrongTypeInTheBodyNamesTheField() throws Exception {
    problem(postJson("/t/body", "{\"count\":\"many\",\"name\":\"x\"}"), 400, "invalid-input", "/t/body")
        .andExpect(jsonPath("$.title").value("Invalid input"))
        .andExpect(jsonPath("$.field").value("count"))
        .andExpect(jsonPath("$.errors", hasSize(1)))
        .andExpect(jsonPath("$.errors[0].field").value("count"))
        .andExpect(jsonPath("$.errors[0].message").isNotEmpty())
        .andExpect(jsonPath("$.errors[0].message", not(startsWith("error."))))
        .andExpect(jsonPath("$.detail", startsWith("count: ")));
  }

  @Test
  void wrongTypeDeepInTheBodyNamesTheJsonPath() throws Exception {
    problem(postJson("/t/body", "{\"count\":1,\"items\":[{\"n\":1},{\"n\":\"two\"}]}"), 400, "invalid-input", "/t/body")
        .andExpect(jsonPath("$.field").value("items[1].n"))
        .andExpect(jsonPath("$.errors[0].field").value("items[1].n"));
  }

  @Test
  void malformedOrMissingBodyIsAFaultOfTheBody() throws Exception {
    problem(postJson("/t/body", "{\"count\":"), 400, "invalid-input", "/t/body")
        .andExpect(jsonPath("$.field").value("body"))
        .andExpect(jsonPath("$.errors[0].message", not(startsWith("error."))));
    problem(postJson("/t/body", ""), 400, "invalid-input", "/t/body")
        .andExpect(jsonPath("$.field").value("body"));
  }

  @Test
  void beanValidationNamesTheField() throws Exception {
    problem(postJson("/t/valid", "{\"name\":\" \"}"), 400, "invalid-input", "/t/valid")
        .andExpect(jsonPath("$.field").value("name"))
        .andExpect(jsonPath("$.errors[0].field").value("name"))
        .andExpect(jsonPath("$.errors[0].message").isNotEmpty());
  }

  @Test
  void queryParametersMissingOrOfTheWrongType() throws Exception {
    problem(mvc.perform(get("/t/param")), 400, "invalid-input", "/t/param")
        .andExpect(jsonPath("$.field").value("n"))
        .andExpect(jsonPath("$.errors[0].message").value("is required"));
    problem(mvc.perform(get("/t/param").param("n", "abc")), 400, "invalid-input", "/t/param")
        .andExpect(jsonPath("$.field").value("n"))
        .andExpect(jsonPath("$.errors[0].message").value("has the wrong type or format (abc)"));
  }

  @Test
  void everyFieldErrorIsListedAndTheFirstIsTheField() throws Exception {
    problem(mvc.perform(get("/t/api")), 400, "invalid-input", "/t/api")
        .andExpect(jsonPath("$.field").value("from"))
        .andExpect(jsonPath("$.errors", hasSize(2)))
        .andExpect(jsonPath("$.errors[0].field").value("from"))
        .andExpect(jsonPath("$.errors[0].message").value("is required"))
        .andExpect(jsonPath("$.errors[1].field").value("to"))
        .andExpect(jsonPath("$.errors[1].message").value("has the wrong type or format (yesterday)"))
        .andExpect(jsonPath("$.detail").value("from: is required; to: has the wrong type or format (yesterday)"));
  }

  @Test
  void unknownIdIsA404NamingTheId() throws Exception {
    problem(mvc.perform(get("/t/missing")), 404, "not-found", "/t/missing")
        .andExpect(jsonPath("$.field").value("id"))
        .andExpect(jsonPath("$.errors[0].message").value("unknown incident id 7"));
  }

  @Test
  void wrongMethodAndWrongContentTypeAreProblemsToo() throws Exception {
    problem(mvc.perform(put("/t/param")), 405, "method", "/t/param")
        .andExpect(jsonPath("$.field").value("method"))
        .andExpect(jsonPath("$.errors[0].message").value("method PUT is not supported on this path"));
    problem(mvc.perform(post("/t/body").contentType(MediaType.TEXT_PLAIN).content("count=1")), 415, "media-type", "/t/body")
        .andExpect(jsonPath("$.field").value("Content-Type"));
  }

  @Test
  void aConstraintTheServiceDidNotPreCheckIsAConflictThatRevealsNoSchema() throws Exception {
    problem(mvc.perform(get("/t/conflict")), 409, "conflict", "/t/conflict")
        .andExpect(jsonPath("$.field").value("body"))
        .andExpect(content().string(not(containsString("secret_idx"))));
  }

  @Test
  void anythingUnexpectedIsA500ThatRevealsNothing() throws Exception {
    problem(mvc.perform(get("/t/boom")), 500, "internal", "/t/boom")
        .andExpect(jsonPath("$.detail").value("The server failed to handle this request. It has been logged."))
        .andExpect(jsonPath("$.errors").doesNotExist())
        .andExpect(content().string(not(containsString("hunter2"))))
        .andExpect(content().string(not(containsString("IllegalStateException"))));
  }
}
