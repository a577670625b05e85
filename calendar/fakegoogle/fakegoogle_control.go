package fakegoogle

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// controlRoutes exposes the test controls over HTTP under /_fake/, for
// driving the standalone fake from a shell:
//
//	GET  /_fake/stats                      call counts, {"freeBusy": 3, ...}
//	POST /_fake/busy   {calendar_id,start,end}   seed a busy period (RFC 3339)
//	POST /_fake/errors {calendar_id,reason}      per-calendar freeBusy error ("" clears)
//	POST /_fake/fail   {method,count,status,reason,retry_after}
//	GET  /_fake/events?calendar_id=        stored events (cancelled included)
func (s *Server) controlRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /_fake/stats", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, s.Counts())
	})
	mux.HandleFunc("POST /_fake/busy", func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			CalendarID string    `json:"calendar_id"`
			Start      time.Time `json:"start"`
			End        time.Time `json:"end"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.CalendarID == "" || !req.End.After(req.Start) {
			http.Error(w, "want {calendar_id, start, end} with end after start (RFC 3339)", http.StatusBadRequest)
			return
		}
		s.AddBusy(req.CalendarID, req.Start, req.End)
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("POST /_fake/errors", func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			CalendarID string `json:"calendar_id"`
			Reason     string `json:"reason"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.CalendarID == "" {
			http.Error(w, "want {calendar_id, reason}", http.StatusBadRequest)
			return
		}
		s.SetCalendarError(req.CalendarID, req.Reason)
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("POST /_fake/fail", func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Method     string `json:"method"`
			Count      int    `json:"count"`
			Status     int    `json:"status"`
			Reason     string `json:"reason"`
			RetryAfter string `json:"retry_after"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.Method == "" || req.Status < 400 {
			http.Error(w, "want {method, count, status, reason, retry_after}", http.StatusBadRequest)
			return
		}
		s.Inject(req.Method, Fault{Count: max(req.Count, 1), Status: req.Status, Reason: req.Reason, RetryAfter: req.RetryAfter})
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET /_fake/events", func(w http.ResponseWriter, r *http.Request) {
		evs := s.Events(r.URL.Query().Get("calendar_id"))
		if evs == nil {
			writeJSON(w, http.StatusOK, []any{})
			return
		}
		writeJSON(w, http.StatusOK, evs)
	})
}

// BusySeed is one entry of a seed file for LoadBusy.
type BusySeed struct {
	CalendarID string    `json:"calendar_id"`
	Start      time.Time `json:"start"`
	End        time.Time `json:"end"`
}

// LoadBusy seeds busy periods from a JSON array of BusySeed.
func (s *Server) LoadBusy(data []byte) error {
	var seeds []BusySeed
	if err := json.Unmarshal(data, &seeds); err != nil {
		return fmt.Errorf("fakegoogle: busy seeds: %w", err)
	}
	for _, b := range seeds {
		s.AddBusy(b.CalendarID, b.Start, b.End)
	}
	return nil
}
