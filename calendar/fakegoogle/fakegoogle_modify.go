package fakegoogle

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	calendar "google.golang.org/api/calendar/v3"
)

// handlePatch implements events.patch: present fields replace, objects
// merge, arrays are replaced whole, null deletes.
func (s *Server) handlePatch(w http.ResponseWriter, r *http.Request) {
	if s.fault(w, "events.patch") {
		return
	}
	var patch map[string]any
	if !decodeBody(w, r, &patch) {
		return
	}
	s.modify(w, r, func(old map[string]any) map[string]any { return mergePatch(old, patch) })
}

// handleUpdate implements events.update (PUT): the body replaces the event.
func (s *Server) handleUpdate(w http.ResponseWriter, r *http.Request) {
	if s.fault(w, "events.update") {
		return
	}
	var body map[string]any
	if !decodeBody(w, r, &body) {
		return
	}
	s.modify(w, r, func(old map[string]any) map[string]any {
		for _, k := range []string{"kind", "id", "htmlLink", "iCalUID", "created", "creator", "organizer", "sequence", "eventType"} {
			if v, ok := old[k]; ok {
				body[k] = v
			}
		}
		if _, ok := body["conferenceData"]; !ok && r.URL.Query().Get("conferenceDataVersion") != "1" {
			body["conferenceData"] = old["conferenceData"]
		}
		return body
	})
}

// modify applies change to the JSON form of a stored event and stores it.
func (s *Server) modify(w http.ResponseWriter, r *http.Request, change func(map[string]any) map[string]any) {
	version := r.URL.Query().Get("conferenceDataVersion")
	s.mu.Lock()
	defer s.mu.Unlock()
	cal, id := calendarID(r), r.PathValue("id")
	old, ok := s.events[cal][id]
	if !ok {
		writeError(w, http.StatusNotFound, "global", "notFound", "Not Found")
		return
	}
	var m map[string]any
	b, _ := json.Marshal(old)
	_ = json.Unmarshal(b, &m)
	oldConf := m["conferenceData"]
	m = change(m)
	if version != "1" {
		m["conferenceData"] = oldConf
	}
	m["id"] = id
	b, _ = json.Marshal(m)
	var ev calendar.Event
	if err := json.Unmarshal(b, &ev); err != nil {
		writeError(w, 400, "global", "invalid", "Invalid value: "+err.Error())
		return
	}
	if !validTimes(w, &ev) {
		return
	}
	if ev.Status == "" {
		ev.Status = "confirmed"
	}
	if !sameTime(old.Start, ev.Start) || !sameTime(old.End, ev.End) {
		ev.Sequence++
	}
	applyConference(&ev, version)
	s.stampLocked(&ev)
	s.events[cal][id] = &ev
	writeJSON(w, http.StatusOK, &ev)
}

func sameTime(a, b *calendar.EventDateTime) bool {
	ta, err1 := eventTime(a)
	tb, err2 := eventTime(b)
	return err1 == nil && err2 == nil && ta.Equal(tb)
}

// mergePatch applies JSON merge-patch semantics.
func mergePatch(dst, patch map[string]any) map[string]any {
	if dst == nil {
		dst = map[string]any{}
	}
	for k, v := range patch {
		switch pv := v.(type) {
		case nil:
			delete(dst, k)
		case map[string]any:
			sub, _ := dst[k].(map[string]any)
			dst[k] = mergePatch(sub, pv)
		default:
			dst[k] = pv
		}
	}
	return dst
}

// handleWatch implements events.watch, answering a Channel whose
// expiration is a JSON string of Unix milliseconds (default: 7 days).
func (s *Server) handleWatch(w http.ResponseWriter, r *http.Request) {
	if s.fault(w, "events.watch") {
		return
	}
	var ch calendar.Channel
	if !decodeBody(w, r, &ch) {
		return
	}
	if ch.Id == "" || ch.Address == "" {
		writeError(w, 400, "global", "required", "Required")
		return
	}
	cal := calendarID(r)
	maxExp := s.now().Add(7 * 24 * time.Hour).UnixMilli()
	if ch.Expiration == 0 || ch.Expiration > maxExp {
		ch.Expiration = maxExp
	}
	ch.Kind = "api#channel"
	ch.ResourceId = hash32("resource "+cal, 27)
	ch.ResourceUri = "https://www.googleapis.com/calendar/v3/calendars/" + cal + "/events?alt=json"
	s.mu.Lock()
	s.channels[ch.Id] = ch.ResourceId
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, &ch)
}

// handleStop implements channels.stop: 204, or 404 for an unknown channel.
func (s *Server) handleStop(w http.ResponseWriter, r *http.Request) {
	if s.fault(w, "channels.stop") {
		return
	}
	var ch calendar.Channel
	if !decodeBody(w, r, &ch) {
		return
	}
	s.mu.Lock()
	res, ok := s.channels[ch.Id]
	if ok && res == ch.ResourceId {
		delete(s.channels, ch.Id)
	}
	s.mu.Unlock()
	if !ok || res != ch.ResourceId {
		writeError(w, http.StatusNotFound, "global", "notFound", fmt.Sprintf("Channel '%s' not found for project '000000000001'", ch.Id))
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
