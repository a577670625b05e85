package calendar

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/cenkalti/backoff/v5"
	"golang.org/x/oauth2"
	"google.golang.org/api/googleapi"

	"github.com/mentorship/checkins"
)

// googleRetry runs op, retrying transient failures (429, 403
// rateLimitExceeded/userRateLimitExceeded, 5xx, transport errors) with
// exponential backoff, honouring Retry-After, until the deadline or ctx
// runs out (no retry once the deadline has passed). The last error is
// returned as is.
func googleRetry[T any](ctx context.Context, deadline time.Time, op func() (T, error)) (T, error) {
	budget := max(time.Until(deadline), time.Nanosecond)
	b := backoff.NewExponentialBackOff()
	b.InitialInterval = 100 * time.Millisecond
	b.MaxInterval = time.Second
	return backoff.Retry(ctx, func() (T, error) {
		res, err := op()
		if err == nil {
			return res, nil
		}
		retry, after := googleRetryable(err)
		switch {
		case !retry:
			return res, backoff.Permanent(err)
		case after > 0:
			return res, &googleRetryAfterError{after: after, err: err}
		}
		return res, err
	}, backoff.WithBackOff(b), backoff.WithMaxElapsedTime(budget))
}

// googleRetryAfterError carries the server's Retry-After to backoff
// while reading as the original error.
type googleRetryAfterError struct {
	after time.Duration
	err   error
}

func (e *googleRetryAfterError) Error() string { return e.err.Error() }

func (e *googleRetryAfterError) Unwrap() []error {
	return []error{&backoff.RetryAfterError{Duration: e.after}, e.err}
}

// googleRetryable classifies an error of the Calendar client and returns
// the server's Retry-After, if any.
func googleRetryable(err error) (bool, time.Duration) {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false, 0
	}
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		// Token endpoint refusals are configuration problems; its 5xx are
		// worth another try.
		return re.Response != nil && re.Response.StatusCode >= 500, 0
	}
	var ae *googleapi.Error
	if !errors.As(err, &ae) {
		return true, 0 // transport failure
	}
	after := googleRetryAfter(ae.Header)
	switch {
	case ae.Code == http.StatusTooManyRequests || ae.Code >= 500:
		return true, after
	case ae.Code == http.StatusForbidden && googleIsRateLimit(ae):
		return true, after
	}
	return false, 0
}

func googleIsRateLimit(ae *googleapi.Error) bool {
	for _, it := range ae.Errors {
		if it.Reason == "rateLimitExceeded" || it.Reason == "userRateLimitExceeded" {
			return true
		}
	}
	return false
}

func googleReason(ae *googleapi.Error) string {
	if len(ae.Errors) > 0 {
		return ae.Errors[0].Reason
	}
	return ""
}

// googleRetryAfter reads a Retry-After header (seconds or HTTP date).
func googleRetryAfter(h http.Header) time.Duration {
	v := h.Get("Retry-After")
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), 0)
	}
	return 0
}

// googleMapError turns a failed call into the service's error vocabulary,
// keeping the original error in the chain: 404 → checkins.ErrNotFound,
// 409 → checkins.ErrConflict, everything else (auth, quota, 5xx,
// transport, token endpoint) → checkins.ErrUnavailable.
func googleMapError(op string, err error) error {
	var ae *googleapi.Error
	var re *oauth2.RetrieveError
	switch {
	case errors.As(err, &re):
		return fmt.Errorf("google calendar %s: token endpoint refused the service account (check the key, its token_uri and domain-wide delegation): %w: %w", op, checkins.ErrUnavailable, err)
	case errors.As(err, &ae) && ae.Code == http.StatusNotFound:
		return fmt.Errorf("google calendar %s: %w: %w", op, checkins.ErrNotFound, err)
	case errors.As(err, &ae) && ae.Code == http.StatusConflict:
		return fmt.Errorf("google calendar %s: %w: %w", op, checkins.ErrConflict, err)
	case errors.As(err, &ae) && (ae.Code == http.StatusUnauthorized || ae.Code == http.StatusForbidden && !googleIsRateLimit(ae)):
		return fmt.Errorf("google calendar %s: not authorized (%s; check credentials, scopes and domain-wide delegation): %w: %w", op, googleReason(ae), checkins.ErrUnavailable, err)
	}
	return fmt.Errorf("google calendar %s: %w: %w", op, checkins.ErrUnavailable, err)
}
