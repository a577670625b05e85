package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/mentorship/checkins/booking"
	"github.com/mentorship/checkins/calendar"
	"github.com/mentorship/checkins/calendar/fakegoogle"
	"github.com/mentorship/checkins/handlers"
	"github.com/mentorship/checkins/store"
)

// BenchmarkProposals measures GET proposals through the whole router with
// the availability cache hit, and with every request missing it (the
// calendar is read from the fake Google server over loopback HTTP, the
// cheapest a real Google call could ever be).
func BenchmarkProposals(b *testing.B) {
	for _, tc := range []struct {
		name string
		miss bool
	}{{"cache=hit", false}, {"cache=miss", true}} {
		b.Run(tc.name, func(b *testing.B) {
			fake, err := fakegoogle.New(fakegoogle.Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer fake.Close()
			clock := func() time.Time { return now }
			g, err := calendar.NewGoogle(context.Background(), calendar.GoogleOptions{
				CredentialsJSON: fake.CredentialsJSON(), Endpoint: fake.Endpoint(), Now: clock})
			if err != nil {
				b.Fatal(err)
			}
			for d := 0; d < 14; d++ {
				day := time.Date(2026, 11, 23+d, 14, 0, 0, 0, time.UTC)
				fake.AddBusy("alex.chen@example.com", day, day.Add(time.Hour))
				fake.AddBusy("sam.rivera@example.com", day.Add(2*time.Hour), day.Add(3*time.Hour))
			}
			cache := calendar.NewCache(g, calendar.NewMemoryBackend(clock), calendar.CacheOptions{TTL: 5 * time.Minute, Now: clock})
			st := store.NewMemory()
			svc := booking.New(st, cache, g, booking.Options{Now: clock})
			e, err := handlers.New(handlers.Options{Service: svc, AdminToken: adminToken, Now: clock})
			if err != nil {
				b.Fatal(err)
			}
			post := func(path string, body any) string {
				rec := serve(e, "POST", path, body)
				if rec.Code != http.StatusCreated {
					b.Fatalf("POST %s: %d %s", path, rec.Code, rec.Body)
				}
				return decodeID(b, rec.Body.Bytes())
			}
			mentor := post("/v1/people", mentorBody("alex.chen@example.com"))
			mentee := post("/v1/people", menteeBody("sam.rivera@example.com"))
			agreement := post("/v1/agreements", map[string]any{"mentor_id": mentor, "mentee_id": mentee,
				"cadence": map[string]any{"every": 2, "unit": "week"}, "duration_minutes": 30, "starts_on": "2026-11-23"})
			path := "/v1/agreements/" + agreement + "/proposals?limit=5"
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if tc.miss {
					_ = cache.Invalidate(context.Background(), "alex.chen@example.com")
					_ = cache.Invalidate(context.Background(), "sam.rivera@example.com")
				}
				if rec := serve(e, "GET", path, nil); rec.Code != http.StatusOK {
					b.Fatalf("GET proposals: %d %s", rec.Code, rec.Body)
				}
			}
			b.ReportMetric(float64(fake.Count("freeBusy"))/float64(b.N), "freeBusy/op")
		})
	}
}

func serve(h http.Handler, method, path string, body any) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, jsonBody(body))
	req.Header.Set("Authorization", "Bearer "+adminToken)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func jsonBody(v any) *bytes.Reader {
	if v == nil {
		return bytes.NewReader(nil)
	}
	b, _ := json.Marshal(v)
	return bytes.NewReader(b)
}

func decodeID(b *testing.B, body []byte) string {
	var m struct{ ID string }
	if err := json.Unmarshal(body, &m); err != nil || m.ID == "" {
		b.Fatalf("no id in %s", body)
	}
	return m.ID
}
