package fakegoogle

import (
	"crypto/sha256"
	"encoding/base32"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"

	calendar "google.golang.org/api/calendar/v3"
)

var errMissingTime = errors.New("missing time")

// validEventID is the rule of Event.id: base32hex, lowercase, 5..1024.
var validEventIDChars = regexp.MustCompile(`^[a-v0-9]+$`)

func validEventID(id string) bool {
	return len(id) >= 5 && len(id) <= 1024 && validEventIDChars.MatchString(id)
}

func cloneEvent(ev *calendar.Event) *calendar.Event {
	b, _ := json.Marshal(ev)
	var out calendar.Event
	_ = json.Unmarshal(b, &out)
	return &out
}

func hash32(s string, n int) string {
	sum := sha256.Sum256([]byte(s))
	enc := strings.ToLower(base32.HexEncoding.WithPadding(base32.NoPadding).EncodeToString(sum[:]))
	return enc[:n]
}

// meetCode derives a stable abc-defg-hij style code from a request id.
func meetCode(requestID string) string {
	sum := sha256.Sum256([]byte(requestID))
	b := make([]byte, 10)
	for i := range b {
		b[i] = 'a' + sum[i]%26
	}
	return string(b[:3]) + "-" + string(b[3:7]) + "-" + string(b[7:])
}

// validTimes reports a 400 for missing or inverted start/end.
func validTimes(w http.ResponseWriter, ev *calendar.Event) bool {
	start, err := eventTime(ev.Start)
	if err != nil {
		writeError(w, 400, "global", "required", "Missing start time.")
		return false
	}
	end, err := eventTime(ev.End)
	if err != nil {
		writeError(w, 400, "global", "required", "Missing end time.")
		return false
	}
	if !end.After(start) {
		writeError(w, 400, "calendar", "timeRangeEmpty", "The specified time range is empty.")
		return false
	}
	return true
}

// stamp sets the server-owned fields after a write. Callers hold s.mu.
func (s *Server) stampLocked(ev *calendar.Event) {
	s.seq++
	now := s.now().UTC().Format("2006-01-02T15:04:05.000Z")
	ev.Etag = fmt.Sprintf("\"%d\"", 3181161784712000+s.seq)
	ev.Updated = now
	if ev.Created == "" {
		ev.Created = now
	}
}

// applyConference creates a Meet for a pending createRequest (only with
// conferenceDataVersion=1), answering "success" at once.
func applyConference(ev *calendar.Event, version string) {
	cd := ev.ConferenceData
	if cd == nil || cd.CreateRequest == nil || version != "1" || len(cd.EntryPoints) > 0 {
		return
	}
	code := meetCode(cd.CreateRequest.RequestId)
	uri := "https://meet.google.com/" + code
	cd.CreateRequest.ConferenceSolutionKey = &calendar.ConferenceSolutionKey{Type: "hangoutsMeet"}
	cd.CreateRequest.Status = &calendar.ConferenceRequestStatus{StatusCode: "success"}
	cd.EntryPoints = []*calendar.EntryPoint{{EntryPointType: "video", Uri: uri, Label: "meet.google.com/" + code}}
	cd.ConferenceSolution = &calendar.ConferenceSolution{
		Key: &calendar.ConferenceSolutionKey{Type: "hangoutsMeet"}, Name: "Google Meet",
		IconUri: "https://fonts.gstatic.com/s/i/productlogos/meet_2020q4/v6/web-512dp/logo_meet_2020q4_color_2x_web_512dp.png",
	}
	cd.ConferenceId = code
	ev.HangoutLink = uri
}

// handleInsert implements events.insert (wire doc section 5).
func (s *Server) handleInsert(w http.ResponseWriter, r *http.Request) {
	if s.fault(w, "events.insert") {
		return
	}
	cal := calendarID(r)
	var ev calendar.Event
	if !decodeBody(w, r, &ev) {
		return
	}
	if ev.Id != "" && !validEventID(ev.Id) {
		writeError(w, 400, "global", "invalid", "Invalid resource id value.")
		return
	}
	if !validTimes(w, &ev) {
		return
	}
	version := r.URL.Query().Get("conferenceDataVersion")
	if version != "1" {
		ev.ConferenceData = nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if ev.Id == "" {
		ev.Id = hash32(fmt.Sprintf("%s/%d/%s", cal, s.seq, randomToken(8)), 26)
	}
	if _, dup := s.events[cal][ev.Id]; dup {
		writeError(w, http.StatusConflict, "global", "duplicate", "The requested identifier already exists.")
		return
	}
	ev.Kind = "calendar#event"
	if ev.Status == "" {
		ev.Status = "confirmed"
	}
	ev.HtmlLink = "https://www.google.com/calendar/event?eid=" + hash32(cal+" "+ev.Id, 40)
	ev.ICalUID = ev.Id + "@google.com"
	ev.Creator = &calendar.EventCreator{Email: cal, Self: true}
	ev.Organizer = &calendar.EventOrganizer{Email: cal, Self: true}
	for _, a := range ev.Attendees {
		if a.ResponseStatus == "" {
			a.ResponseStatus = "needsAction"
		}
	}
	if ev.EventType == "" {
		ev.EventType = "default"
	}
	applyConference(&ev, version)
	s.stampLocked(&ev)
	if s.events[cal] == nil {
		s.events[cal] = map[string]*calendar.Event{}
	}
	s.events[cal][ev.Id] = &ev
	s.order[cal] = append(s.order[cal], ev.Id)
	writeJSON(w, http.StatusOK, &ev)
}

// handleGet implements events.get: cancelled events are returned too.
func (s *Server) handleGet(w http.ResponseWriter, r *http.Request) {
	if s.fault(w, "events.get") {
		return
	}
	s.mu.Lock()
	ev, ok := s.events[calendarID(r)][r.PathValue("id")]
	if ok {
		ev = cloneEvent(ev)
	}
	s.mu.Unlock()
	if !ok {
		writeError(w, http.StatusNotFound, "global", "notFound", "Not Found")
		return
	}
	writeJSON(w, http.StatusOK, ev)
}

// handleDelete implements events.delete: 204, or 410 when already deleted.
func (s *Server) handleDelete(w http.ResponseWriter, r *http.Request) {
	if s.fault(w, "events.delete") {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ev, ok := s.events[calendarID(r)][r.PathValue("id")]
	switch {
	case !ok:
		writeError(w, http.StatusNotFound, "global", "notFound", "Not Found")
	case ev.Status == "cancelled":
		writeError(w, http.StatusGone, "global", "deleted", "Resource has been deleted")
	default:
		ev.Status = "cancelled"
		s.stampLocked(ev)
		w.WriteHeader(http.StatusNoContent)
	}
}
