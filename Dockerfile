# syntax=docker/dockerfile:1
# Build a static checkins binary, then ship it alone on a distroless base
# as a non-root user. The zone database is compiled in (time/tzdata).
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 GOOS=linux go build -trimpath \
    -ldflags "-s -w -X main.version=${VERSION}" -o /out/checkins ./cmd/checkins

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/checkins /checkins
USER nonroot:nonroot
EXPOSE 8080
ENV CHECKINS_ADDR=0.0.0.0:8080
ENTRYPOINT ["/checkins"]
CMD ["serve"]
