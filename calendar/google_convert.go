package calendar

import (
	"errors"
	"time"

	gcal "google.golang.org/api/calendar/v3"
	"google.golang.org/api/googleapi"
)

// googleToAPI builds the wire form of ev; zero fields are left out.
func googleToAPI(ev Event) *gcal.Event {
	out := &gcal.Event{Id: ev.ID, Summary: ev.Summary, Description: ev.Description}
	if !ev.Start.IsZero() {
		out.Start = &gcal.EventDateTime{DateTime: ev.Start.Format(time.RFC3339), TimeZone: ev.TimeZone}
	}
	if !ev.End.IsZero() {
		out.End = &gcal.EventDateTime{DateTime: ev.End.Format(time.RFC3339), TimeZone: ev.TimeZone}
	}
	for _, a := range ev.Attendees {
		out.Attendees = append(out.Attendees, &gcal.EventAttendee{Email: a})
	}
	if len(ev.Private) > 0 {
		out.ExtendedProperties = &gcal.EventExtendedProperties{Private: ev.Private}
	}
	if ev.Video {
		out.ConferenceData = &gcal.ConferenceData{CreateRequest: &gcal.CreateConferenceRequest{
			RequestId:             ev.ID,
			ConferenceSolutionKey: &gcal.ConferenceSolutionKey{Type: "hangoutsMeet"},
		}}
	}
	return out
}

// googleFromAPI reads an event answer back.
func googleFromAPI(calendarID string, e *gcal.Event) Event {
	ev := Event{
		ID: e.Id, CalendarID: calendarID, Summary: e.Summary, Description: e.Description,
		Status: e.Status, HTMLLink: e.HtmlLink, MeetLink: e.HangoutLink,
	}
	if e.Start != nil {
		ev.Start, _ = time.Parse(time.RFC3339, e.Start.DateTime)
		ev.TimeZone = e.Start.TimeZone
	}
	if e.End != nil {
		ev.End, _ = time.Parse(time.RFC3339, e.End.DateTime)
	}
	for _, a := range e.Attendees {
		ev.Attendees = append(ev.Attendees, a.Email)
	}
	if e.ExtendedProperties != nil {
		ev.Private = e.ExtendedProperties.Private
	}
	if cd := e.ConferenceData; cd != nil {
		ev.Video = true
		for _, ep := range cd.EntryPoints {
			if ep.EntryPointType == "video" && ev.MeetLink == "" {
				ev.MeetLink = ep.Uri
			}
		}
	}
	return ev
}

// googleStatus is the HTTP status of a Calendar API error, or 0.
func googleStatus(err error) int {
	var ae *googleapi.Error
	if errors.As(err, &ae) {
		return ae.Code
	}
	return 0
}
