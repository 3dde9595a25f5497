# syntax=docker/dockerfile:1
# One image recipe for every Spring Boot application of Travya (the three services and the gateway);
# the build argument SERVICE names it:
#   docker build --build-arg SERVICE=booking-service --build-arg PORT=8082 --build-arg MANAGEMENT_PORT=9082 -t travya/booking-service .
# (docker-compose.yml builds each service so.) Layers, from the least to the most often changed: the
# JRE, the third-party jars, Travya's own snapshot jars, the service's jar; Maven's downloads are kept
# in BuildKit's cache between builds, so a code change downloads nothing.
ARG SERVICE=trip-service

FROM eclipse-temurin:25-jdk AS build
ARG SERVICE
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
COPY schemas schemas
COPY platform platform
COPY trip-access trip-access
COPY infra/postgres infra/postgres
COPY trip-service trip-service
COPY booking-service booking-service
COPY conversation-service conversation-service
COPY gateway gateway
# the reactor lists it: its POM must be there, its sources are not built
COPY tools/pom.xml tools/pom.xml
RUN --mount=type=cache,target=/root/.m2 \
  ./mvnw -B -q -pl "$SERVICE" -am package -DskipTests -Dspotless.check.skip=true
# extracted in layers (the AOT cache needs plain jars on the class path), and the hash of what the
# AOT cache will be valid for (infra/docker/start-service names the cache after it and the JDK)
RUN java -Djarmode=tools -jar "$SERVICE/target/$SERVICE.jar" extract --layers --destination /layers \
  && mkdir -p /layers/application \
  && (cd /layers && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-24 >/layers/application/jar-hash)

FROM eclipse-temurin:25-jre
ARG SERVICE
ARG PORT=8080
ARG MANAGEMENT_PORT=9080
RUN useradd --system --uid 10001 travya
COPY --from=build /layers/dependencies/ /app/
COPY --from=build /layers/spring-boot-loader/ /app/
COPY --from=build /layers/snapshot-dependencies/ /app/
COPY --from=build /layers/application/ /app/
COPY infra/docker/start-service /app/start-service
# the JVM options ./travya up runs the services with, but the heap sized from the container's memory
# limit rather than fixed: 35% of it (270 MB; ./travya up caps it at 192 MB, booking and conversation at 128 MB: infra/jvm) of the 768 MB that compose and
# Kubernetes give a service. What is not heap (the AOT cache ~190 MB, code cache, metaspace, thread
# stacks, direct buffers) took ~330 MB under the bench's load (ARCHITECTURE.md, "Service JVM
# options"); at 60% a full heap and the rest would pass the limit
COPY infra/service.jvm /app/service.jvm.native
RUN grep -v '^-Xm[sx]' /app/service.jvm.native >/app/service.jvm \
  && printf '%s\n' -XX:InitialRAMPercentage=10 -XX:MaxRAMPercentage=35 >>/app/service.jvm \
  && mkdir -m 1777 /aot
# /aot: the AOT caches, one per image and JDK; any of the services' users may write it, and
# docker-compose.yml mounts a volume there so that the cache outlives the container
USER travya
ENV SERVICE=$SERVICE MANAGEMENT_PORT=$MANAGEMENT_PORT MALLOC_ARENA_MAX=2
EXPOSE $PORT
# readiness over plain bash (the JRE image has no curl), on the management port: actuator answers
# only there, on the container's loopback interface
HEALTHCHECK --interval=10s --timeout=3s --start-period=120s --retries=6 \
  CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/$MANAGEMENT_PORT && printf "GET /actuator/health/readiness HTTP/1.0\r\n\r\n" >&3 && grep -q UP <&3'
ENTRYPOINT ["sh", "-c", "exec /app/start-service \"$SERVICE\""]
