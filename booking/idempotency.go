package booking

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/mentorship/checkins"
	"github.com/mentorship/checkins/store"
)

// IdempotencyStore keeps the outcomes of requests that carry an
// Idempotency-Key.
type IdempotencyStore interface {
	ReserveIdempotency(ctx context.Context, key, fingerprint string, ttl time.Duration, now time.Time) (store.IdempotencyRecord, bool, error)
	CompleteIdempotency(ctx context.Context, rec store.IdempotencyRecord, ttl time.Duration) error
	ReleaseIdempotency(ctx context.Context, key string) error
}

// IdempotencyTTL is how long an Idempotency-Key is remembered.
const IdempotencyTTL = 24 * time.Hour

// inFlightTTL bounds the reservation of a key whose first request is still
// running, so that a process that dies mid-request does not block the key
// for a day; it outlasts the slowest booking (lock wait plus calendar
// retries).
const inFlightTTL = 2 * time.Minute

// ErrIdempotencyMismatch: the key was used before with another request.
var ErrIdempotencyMismatch = errors.New("idempotency key reused with a different request")

// Response is a stored HTTP answer, replayed for a repeated key.
type Response struct {
	Status int
	Header map[string]string
	Body   []byte
}

// Idempotent runs do at most once per key (already scoped to the caller by
// the caller). A repeat of a finished request returns its stored response
// with replayed set; a repeat while the first is in flight is a
// *ConflictError (idempotency-key-in-use); the key with another
// fingerprint is ErrIdempotencyMismatch. Answers of 5xx are not kept, so a
// retry after a server failure runs again.
func (s *Service) Idempotent(ctx context.Context, key, fingerprint string, do func() Response) (resp Response, replayed bool, err error) {
	rec, created, err := s.idem.ReserveIdempotency(ctx, key, fingerprint, inFlightTTL, s.now())
	if err != nil {
		return Response{}, false, fmt.Errorf("reserve idempotency key: %w", err)
	}
	if !created {
		switch {
		case rec.Fingerprint != fingerprint:
			return Response{}, false, ErrIdempotencyMismatch
		case !rec.Done:
			return Response{}, false, &checkins.ConflictError{Kind: checkins.ConflictIdempotencyKey,
				Detail: "a request with this Idempotency-Key is still in progress; retry shortly"}
		default:
			return Response{Status: rec.Status, Header: rec.Header, Body: rec.Body}, true, nil
		}
	}
	resp = do()
	wctx := context.WithoutCancel(ctx)
	if resp.Status >= 500 {
		if err := s.idem.ReleaseIdempotency(wctx, key); err != nil {
			s.log.Warn("release idempotency key", "error", err)
		}
		return resp, false, nil
	}
	rec.Done, rec.Status, rec.Header, rec.Body = true, resp.Status, resp.Header, resp.Body
	if err := s.idem.CompleteIdempotency(wctx, rec, IdempotencyTTL); err != nil {
		s.log.Warn("store idempotent response", "error", err)
	}
	return resp, false, nil
}
