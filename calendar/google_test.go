package calendar_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mentorship/checkins"
	"github.com/mentorship/checkins/calendar"
	"github.com/mentorship/checkins/calendar/fakegoogle"
	"github.com/mentorship/checkins/schedule"
)

var googleDay = time.Date(2030, 1, 7, 0, 0, 0, 0, time.UTC)

func newGoogleFake(t *testing.T) *fakegoogle.Server {
	t.Helper()
	s, err := fakegoogle.New(fakegoogle.Options{})
	if err != nil {
		t.Fatalf("fakegoogle.New: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}

func newGoogle(t *testing.T, s *fakegoogle.Server, edit ...func(*calendar.GoogleOptions)) *calendar.Google {
	t.Helper()
	opts := calendar.GoogleOptions{
		CredentialsJSON: s.CredentialsJSON(),
		Endpoint:        s.Endpoint(),
		Now:             func() time.Time { return googleDay },
		RetryBudget:     2 * time.Second,
	}
	for _, e := range edit {
		e(&opts)
	}
	g, err := calendar.NewGoogle(context.Background(), opts)
	if err != nil {
		t.Fatalf("NewGoogle: %v", err)
	}
	return g
}

func at(h, m int) time.Time {
	return googleDay.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
}

func workday() schedule.Interval { return schedule.Interval{Start: at(8, 0), End: at(18, 0)} }

func TestGoogleFreeBusy(t *testing.T) {
	t.Parallel()
	s := newGoogleFake(t)
	s.AddBusy("a@example.com", at(9, 0), at(10, 0))
	s.AddBusy("a@example.com", at(9, 30), at(11, 0))
	s.AddBusy("a@example.com", at(17, 0), at(20, 0))
	s.AddBusy("b@example.com", at(12, 0), at(13, 0))
	s.SetCalendarError("gone@example.com", "notFound")
	s.SetCalendarError("broken@example.com", "internalError")
	g := newGoogle(t, s)

	ids := []string{"a@example.com", "b@example.com", "a@example.com", "gone@example.com", "broken@example.com", "free@example.com"}
	got, err := g.FreeBusy(context.Background(), ids, workday())
	if err != nil {
		t.Fatalf("FreeBusy: %v", err)
	}
	if len(got) != 5 {
		t.Errorf("got %d entries, want 5 (one per distinct id)", len(got))
	}
	tests := []struct {
		id      string
		want    []schedule.Interval
		wantErr error
	}{
		{"a@example.com", []schedule.Interval{{Start: at(9, 0), End: at(11, 0)}, {Start: at(17, 0), End: at(18, 0)}}, nil},
		{"b@example.com", []schedule.Interval{{Start: at(12, 0), End: at(13, 0)}}, nil},
		{"free@example.com", nil, nil},
		{"gone@example.com", nil, checkins.ErrCalendarNotFound},
		{"broken@example.com", nil, checkins.ErrUnavailable},
	}
	for _, tc := range tests {
		b, ok := got[tc.id]
		if !ok {
			t.Errorf("%s: missing from the answer", tc.id)
			continue
		}
		if !b.FetchedAt.Equal(googleDay) {
			t.Errorf("%s: got FetchedAt %v, want %v", tc.id, b.FetchedAt, googleDay)
		}
		if tc.wantErr != nil {
			var ce *checkins.CalendarError
			if !errors.Is(b.Err, tc.wantErr) || !errors.As(b.Err, &ce) || ce.CalendarID != tc.id || !strings.Contains(b.Err.Error(), tc.id) {
				t.Errorf("%s: got Err %v, want a CalendarError naming it and matching %v", tc.id, b.Err, tc.wantErr)
			}
			continue
		}
		if b.Err != nil {
			t.Errorf("%s: got Err %v, want nil", tc.id, b.Err)
		}
		if fmt.Sprint(b.Intervals) != fmt.Sprint(tc.want) {
			t.Errorf("%s: got %v, want %v", tc.id, b.Intervals, tc.want)
		}
	}
	if n := s.Count("freeBusy"); n != 1 {
		t.Errorf("got %d freeBusy calls, want 1", n)
	}
}

func TestGoogleFreeBusyBatchesAndTokenReuse(t *testing.T) {
	t.Parallel()
	s := newGoogleFake(t)
	var ids []string
	for i := range 120 {
		ids = append(ids, fmt.Sprintf("p%03d@example.com", i))
	}
	s.AddBusy("p119@example.com", at(9, 0), at(10, 0))
	g := newGoogle(t, s)
	for round := range 2 {
		got, err := g.FreeBusy(context.Background(), ids, workday())
		if err != nil {
			t.Fatalf("round %d: FreeBusy: %v", round, err)
		}
		if len(got) != 120 {
			t.Fatalf("round %d: got %d entries, want 120", round, len(got))
		}
		if b := got["p119@example.com"]; b.Err != nil || len(b.Intervals) != 1 {
			t.Errorf("round %d: last calendar got %+v, want one busy interval (not tooManyCalendarsRequested)", round, b)
		}
	}
	if n := s.Count("freeBusy"); n != 6 {
		t.Errorf("got %d freeBusy calls for 2×120 calendars, want 6", n)
	}
	// Batches impersonate their first calendar: 3 subjects, one token each.
	if n := s.Count("token"); n != 3 {
		t.Errorf("got %d token grants, want 3 (one per subject, reused)", n)
	}
}

func TestGoogleFreeBusyLongWindowIsChunked(t *testing.T) {
	t.Parallel()
	s := newGoogleFake(t)
	start := googleDay
	s.AddBusy("a@example.com", start.Add(59*24*time.Hour), start.Add(61*24*time.Hour)) // spans the chunk border
	g := newGoogle(t, s)
	window := schedule.Interval{Start: start, End: start.Add(150 * 24 * time.Hour)}
	got, err := g.FreeBusy(context.Background(), []string{"a@example.com"}, window)
	if err != nil {
		t.Fatalf("FreeBusy over 150 days: %v", err)
	}
	want := []schedule.Interval{{Start: start.Add(59 * 24 * time.Hour), End: start.Add(61 * 24 * time.Hour)}}
	if b := got["a@example.com"]; b.Err != nil || fmt.Sprint(b.Intervals) != fmt.Sprint(want) {
		t.Errorf("got %+v, want %v stitched across chunks", b, want)
	}
	if n := s.Count("freeBusy"); n != 3 {
		t.Errorf("got %d freeBusy calls for 150 days, want 3", n)
	}
}

func TestGoogleFreeBusyRetries(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		fault     fakegoogle.Fault
		wantErr   error
		wantCalls int // exact; 0 = at least 3
	}{
		{"429 then success", fakegoogle.Fault{Count: 1, Status: 429, Reason: "rateLimitExceeded"}, nil, 2},
		{"403 rateLimitExceeded twice", fakegoogle.Fault{Count: 2, Status: 403, Reason: "rateLimitExceeded"}, nil, 3},
		{"503 with Retry-After", fakegoogle.Fault{Count: 1, Status: 503, Reason: "backendError", RetryAfter: "1"}, nil, 2},
		{"persistent 500", fakegoogle.Fault{Count: 1000, Status: 500, Reason: "backendError"}, checkins.ErrUnavailable, 0},
		{"403 forbidden is not retried", fakegoogle.Fault{Count: 1000, Status: 403, Reason: "insufficientPermissions"}, checkins.ErrUnavailable, 1},
		{"401 is not retried", fakegoogle.Fault{Count: 1000, Status: 401, Reason: "authError"}, checkins.ErrUnavailable, 1},
		{"Retry-After beyond budget", fakegoogle.Fault{Count: 1000, Status: 429, Reason: "rateLimitExceeded", RetryAfter: "30"}, checkins.ErrUnavailable, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newGoogleFake(t)
			s.Inject("freeBusy", tc.fault)
			g := newGoogle(t, s)
			begin := time.Now()
			got, err := g.FreeBusy(context.Background(), []string{"a@example.com"}, workday())
			elapsed := time.Since(begin)
			calls := s.Count("freeBusy")
			if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil) != (err == nil) {
				t.Fatalf("got err %v, want %v", err, tc.wantErr)
			}
			if tc.wantErr == nil && got["a@example.com"].Err != nil {
				t.Errorf("got %+v, want a clean answer", got["a@example.com"])
			}
			if tc.wantCalls > 0 && calls != tc.wantCalls || tc.wantCalls == 0 && calls < 3 {
				t.Errorf("got %d calls, want %d (0 = at least 3)", calls, tc.wantCalls)
			}
			if elapsed > 3*time.Second {
				t.Errorf("took %v, want within the 2s budget", elapsed)
			}
			t.Logf("calls=%d elapsed=%v err=%v", calls, elapsed.Round(time.Millisecond), err)
		})
	}
}

func TestGoogleBadConfiguration(t *testing.T) {
	t.Parallel()
	s := newGoogleFake(t)
	other := newGoogleFake(t)

	// A key the token endpoint does not know: same token_uri, other key.
	wrongKey := strings.Replace(string(other.CredentialsJSON()), other.TokenURL(), s.TokenURL(), 1)
	wrongKey = strings.Replace(wrongKey, other.ClientEmail(), s.ClientEmail(), 1)
	g := newGoogle(t, s, func(o *calendar.GoogleOptions) { o.CredentialsJSON = []byte(wrongKey) })
	_, err := g.FreeBusy(context.Background(), []string{"a@example.com"}, workday())
	if !errors.Is(err, checkins.ErrUnavailable) || !strings.Contains(err.Error(), "token endpoint") || !strings.Contains(err.Error(), "invalid_grant") {
		t.Errorf("wrong key: got %v, want ErrUnavailable naming the token endpoint and invalid_grant", err)
	}
	if n := s.Count("freeBusy"); n != 0 {
		t.Errorf("wrong key: got %d freeBusy calls, want 0", n)
	}
	if n := s.Count("token"); n != 1 {
		t.Errorf("wrong key: got %d token calls, want 1 (refusals are not retried)", n)
	}

	for _, bad := range []string{"", "{}", `{"type":"authorized_user"}`, "not json"} {
		if _, err := calendar.NewGoogle(context.Background(), calendar.GoogleOptions{CredentialsJSON: []byte(bad)}); err == nil {
			t.Errorf("credentials %q: got nil error, want a clear refusal", bad)
		}
	}
	if _, err := calendar.NewGoogle(context.Background(), calendar.GoogleOptions{CredentialsJSON: s.CredentialsJSON(), Endpoint: "localhost:1"}); err == nil {
		t.Error("endpoint without scheme: got nil error, want a refusal")
	}

	// Endpoint without its trailing slash still reaches /calendar/v3/freeBusy.
	noSlash := newGoogle(t, s, func(o *calendar.GoogleOptions) { o.Endpoint = strings.TrimSuffix(s.Endpoint(), "/") })
	if _, err := noSlash.FreeBusy(context.Background(), []string{"a@example.com"}, workday()); err != nil {
		t.Errorf("endpoint without trailing slash: got %v, want success", err)
	}
	if n := s.Count("freeBusy"); n != 1 {
		t.Errorf("endpoint without trailing slash: got %d freeBusy calls, want 1", n)
	}
}

func TestGoogleRetryBudgetAndContext(t *testing.T) {
	t.Parallel()
	var ids []string
	for i := range 120 {
		ids = append(ids, fmt.Sprintf("p%03d@example.com", i))
	}
	t.Run("one budget for all batches", func(t *testing.T) {
		t.Parallel()
		s := newGoogleFake(t)
		s.FailNext("freeBusy", 1000, 500, "backendError")
		g := newGoogle(t, s, func(o *calendar.GoogleOptions) { o.RetryBudget = time.Second })
		begin := time.Now()
		_, err := g.FreeBusy(context.Background(), ids, workday())
		if elapsed := time.Since(begin); !errors.Is(err, checkins.ErrUnavailable) || elapsed > 1500*time.Millisecond {
			t.Errorf("got %v after %v, want ErrUnavailable within the 1s budget", err, elapsed)
		}
	})
	t.Run("cancelled context stops retrying", func(t *testing.T) {
		t.Parallel()
		s := newGoogleFake(t)
		s.FailNext("freeBusy", 1000, 503, "backendError")
		g := newGoogle(t, s, func(o *calendar.GoogleOptions) { o.RetryBudget = time.Minute })
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		begin := time.Now()
		_, err := g.FreeBusy(ctx, ids[:1], workday())
		if elapsed := time.Since(begin); !errors.Is(err, checkins.ErrUnavailable) || elapsed > time.Second {
			t.Errorf("got %v after %v, want ErrUnavailable soon after the context ends", err, elapsed)
		}
	})
	t.Run("token endpoint 500 is retried", func(t *testing.T) {
		t.Parallel()
		s := newGoogleFake(t)
		s.FailNext("token", 1, 500, "internal_failure")
		g := newGoogle(t, s)
		if _, err := g.FreeBusy(context.Background(), ids[:1], workday()); err != nil {
			t.Errorf("got %v, want success after a token retry", err)
		}
		if got := s.Count("token"); got != 2 {
			t.Errorf("got %d token calls, want 2", got)
		}
	})
}
