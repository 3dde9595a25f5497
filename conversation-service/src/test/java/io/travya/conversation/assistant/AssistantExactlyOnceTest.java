package io.travya.conversation.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.travya.conversation.ConsumerGroups;
import io.travya.conversation.ConversationApi;
import io.travya.conversation.TripParty;
import io.travya.conversation.conversation.MessageType;
import io.travya.conversation.conversation.Messages;
import io.travya.conversation.conversation.SenderType;
import io.travya.events.ConversationEvent;
import io.travya.platform.events.AvroSerdeSettings;
import io.travya.platform.test.HttpApi;
import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TestEvents;
import io.travya.platform.test.TopicReader;
import io.travya.platform.test.TravyaIntegrationTest;
import io.travya.tripaccess.TripAccess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import tools.jackson.databind.JsonNode;

/** A user's message gets exactly one reply, however often its event is delivered. */
@TravyaIntegrationTest
class AssistantExactlyOnceTest {

    @LocalServerPort
    int port;

    @Autowired
    TestCorner corner;

    @Autowired
    TripAccess access;

    @Autowired
    TravelAssistant assistant;

    @Autowired
    Messages messages;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    TestEvents events;
    ConversationApi api;
    TripParty party;
    String owner;

    @BeforeEach
    void setUp() {
        events = new TestEvents(corner);
        api = new ConversationApi(new HttpApi(port));
        party = TripParty.publish(events, access);
        owner = party.token(party.owner);
    }

    @AfterEach
    void tearDown() {
        events.close();
    }

    @Test
    void theSameMessagePostedEventDeliveredAgainGetsNoSecondReply() {
        String id = api.start(party.tripId(), "Twice", owner).get("id").asString();
        String asked = api.post(id, "What is our budget?", owner).get("id").asString();
        api.awaitReplyTo(id, asked, owner);
        ConsumerRecord<String, byte[]> original = recordOf(asked);

        // exactly the bytes the relay published, twice more, as a redelivery would bring them
        try (KafkaProducer<String, byte[]> producer = rawProducer()) {
            for (int i = 0; i < 2; i++) {
                ProducerRecord<String, byte[]> again =
                        new ProducerRecord<>(original.topic(), original.key(), original.value());
                original.headers().forEach(again.headers()::add);
                producer.send(again).get(10, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        ConsumerGroups.awaitCaughtUp(corner, ConsumerGroups.of(corner, "assistant"), corner.topic("conversations"));

        assertThat(api.repliesTo(id, asked, owner)).hasSize(1);
        assertThat(api.conversation(id, owner).get("message_count").asLong()).isEqualTo(2);
    }

    @Test
    void deliveriesRacingOneAnotherBeforeAnyReplyExistsStillLeaveOneReply() throws Exception {
        MessageListenerContainer listener = listeners.getListenerContainer("conversation-service.assistant");
        String id;
        String asked;
        listener.stop();
        try {
            id = api.start(party.tripId(), "Racing", owner).get("id").asString();
            asked = api.post(id, "What is planned?", owner).get("id").asString();

            // four deliveries of the same event at once, each with its own model call
            int deliveries = 4;
            ExecutorService pool = Executors.newFixedThreadPool(deliveries);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> answered = java.util.stream.IntStream.range(0, deliveries)
                    .mapToObj(i -> pool.submit(() -> {
                        start.await();
                        return assistant.answer(UUID.fromString(asked));
                    }))
                    .toList();
            start.countDown();
            long written = 0;
            for (Future<Boolean> each : answered) {
                written += each.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            pool.shutdown();

            assertThat(written).as("deliveries that wrote a reply").isEqualTo(1);
            // a delivery whose model answered before the others wrote, but that writes only now: the
            // one that died between its model call and its write, delivered again
            assertThat(messages.reply(UUID.fromString(asked), SenderType.ASSISTANT, "A late answer", MessageType.TEXT))
                    .isEmpty();
        } finally {
            listener.start();
        }
        // the listener, back, gets the event it had not committed: and does nothing with it
        ConsumerGroups.awaitCaughtUp(corner, ConsumerGroups.of(corner, "assistant"), corner.topic("conversations"));

        List<JsonNode> replies = api.repliesTo(id, asked, owner);
        assertThat(replies).hasSize(1);
        assertThat(replies.get(0).get("content").asString()).doesNotContain("A late answer");
        assertThat(api.conversation(id, owner).get("message_count").asLong()).isEqualTo(2);
    }

    private ConsumerRecord<String, byte[]> recordOf(String messageId) {
        try (AvroKafkaDeserializer<Object> avro = new AvroKafkaDeserializer<>()) {
            avro.configure(
                    AvroSerdeSettings.forDeserializer(corner.endpoints().registry(Duration.ofSeconds(10))), false);
            return TopicReader.rawRecords(corner.endpoints(), corner.topic("conversations"), Duration.ofSeconds(10))
                    .stream()
                    .filter(r -> avro.deserialize(r.topic(), r.value()) instanceof ConversationEvent event
                            && event.getMessage() != null
                            && event.getMessage().getId().toString().equals(messageId))
                    .findFirst()
                    .orElseThrow();
        }
    }

    private KafkaProducer<String, byte[]> rawProducer() {
        return new KafkaProducer<>(corner.endpoints()
                .kafkaAdminWith(Map.of(
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                        StringSerializer.class,
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                        ByteArraySerializer.class)));
    }
}
