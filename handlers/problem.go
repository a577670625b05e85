package handlers

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/mentorship/checkins"
	"github.com/mentorship/checkins/booking"
)

// problemBase prefixes every problem type; the last segment names it
// (e.g. /problems/slot-unavailable).
const problemBase = "/problems/"

// Problem is an RFC 9457 problem details object.
type Problem struct {
	Type   string                `json:"type"`
	Title  string                `json:"title"`
	Status int                   `json:"status"`
	Detail string                `json:"detail"`
	Errors []checkins.FieldError `json:"errors,omitempty"`
	// RequestID lets operators find the request in the logs.
	RequestID  string `json:"request_id,omitempty"`
	retryAfter string
}

// errUnauthorized: the bearer token is missing or wrong.
var errUnauthorized = errors.New("missing or invalid bearer token")

// problemFor maps an error to the problem shown to the client. It is the
// only place where errors become HTTP statuses.
func problemFor(err error) Problem {
	var (
		verr     *checkins.ValidationError
		conflict *checkins.ConflictError
		calErr   *checkins.CalendarError
		httpErr  *echo.HTTPError
		decErr   *decodeError
	)
	switch {
	case errors.As(err, &decErr) && decErr.status == http.StatusUnsupportedMediaType:
		return Problem{Type: problemBase + "unsupported-media-type", Title: "Unsupported media type", Status: decErr.status,
			Detail: decErr.msg, Errors: []checkins.FieldError{{Field: decErr.field, Message: decErr.msg}}}
	case errors.As(err, &decErr):
		return Problem{Type: problemBase + "invalid-body", Title: "Malformed request body", Status: decErr.status,
			Detail: decErr.msg, Errors: []checkins.FieldError{{Field: decErr.field, Message: decErr.msg}}}
	case errors.As(err, &verr):
		return Problem{Type: problemBase + "validation", Title: "Invalid request", Status: http.StatusBadRequest,
			Detail: verr.Error(), Errors: verr.Problems}
	case errors.Is(err, booking.ErrIdempotencyMismatch):
		return Problem{Type: problemBase + "idempotency-key-reused", Title: "Idempotency key reused", Status: http.StatusUnprocessableEntity,
			Detail: "this Idempotency-Key was used with a different request; use a new key for a new request",
			Errors: []checkins.FieldError{{Field: "Idempotency-Key", Message: "reused with a different body"}}}
	case errors.As(err, &conflict):
		p := Problem{Type: problemBase + conflict.Kind, Title: titleOf(conflict.Kind), Status: http.StatusConflict, Detail: conflict.Detail}
		if conflict.Kind == checkins.ConflictIdempotencyKey {
			p.retryAfter = "1"
		}
		return p
	case errors.Is(err, errUnauthorized):
		return Problem{Type: problemBase + "unauthorized", Title: "Unauthorized", Status: http.StatusUnauthorized,
			Detail: "send Authorization: Bearer <token> with a valid token"}
	case errors.Is(err, checkins.ErrNotFound):
		return Problem{Type: problemBase + "not-found", Title: "Not found", Status: http.StatusNotFound,
			Detail: "no such resource, or it is not visible to this token"}
	case errors.As(err, &calErr) && errors.Is(err, checkins.ErrCalendarNotFound):
		return Problem{Type: problemBase + "calendar-not-found", Title: "Calendar not found", Status: http.StatusBadGateway,
			Detail: "the calendar provider does not know calendar " + quote(calErr.CalendarID) +
				" or does not share its free/busy with this service; no availability can be computed"}
	case errors.As(err, &calErr):
		return Problem{Type: problemBase + "calendar-unavailable", Title: "Calendar unavailable", Status: http.StatusServiceUnavailable,
			Detail: "calendar " + quote(calErr.CalendarID) + " cannot be read right now (" + calErr.Reason + "); retry later", retryAfter: "30"}
	case errors.Is(err, checkins.ErrUnavailable):
		return Problem{Type: problemBase + "unavailable", Title: "Service unavailable", Status: http.StatusServiceUnavailable,
			Detail: "a dependency cannot answer right now; retry later", retryAfter: "30"}
	case errors.Is(err, checkins.ErrConflict):
		return Problem{Type: problemBase + "conflict", Title: "Conflict", Status: http.StatusConflict, Detail: "the request conflicts with the current state"}
	case errors.As(err, &httpErr):
		p := Problem{Type: "about:blank", Title: http.StatusText(httpErr.Code), Status: httpErr.Code, Detail: http.StatusText(httpErr.Code)}
		if m, ok := httpErr.Message.(string); ok && httpErr.Code < 500 {
			p.Detail = m
		}
		if httpErr.Code == http.StatusRequestEntityTooLarge {
			p.Type, p.Detail = problemBase+"body-too-large", "the request body exceeds 1 MiB"
			p.Errors = []checkins.FieldError{{Field: "body", Message: "larger than 1 MiB"}}
		}
		return p
	default:
		return Problem{Type: "about:blank", Title: "Internal Server Error", Status: http.StatusInternalServerError, Detail: "internal error"}
	}
}

func titleOf(kind string) string {
	s := strings.ReplaceAll(kind, "-", " ")
	return strings.ToUpper(s[:1]) + s[1:]
}

func quote(s string) string { return `"` + s + `"` }

// requestID is the id the RequestID middleware gave this request.
func requestID(c echo.Context) string {
	id, _ := c.Get(ctxRequestID).(string)
	return id
}

// ctxRequestID is the echo.Context key of the request id.
const ctxRequestID = "request_id"

// errorHandler renders every error as application/problem+json and logs
// it: 4xx at info, 5xx at error.
func errorHandler(log *slog.Logger) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		p := problemFor(err)
		p.RequestID = requestID(c)
		level := slog.LevelInfo
		if p.Status >= 500 {
			level = slog.LevelError
		}
		log.Log(c.Request().Context(), level, "request failed", "status", p.Status, "type", p.Type,
			"error", err.Error(), "request_id", p.RequestID, "method", c.Request().Method, "path", c.Path())
		h := c.Response().Header()
		if p.Status == http.StatusUnauthorized {
			h.Set("WWW-Authenticate", `Bearer realm="checkins"`)
		}
		if p.retryAfter != "" {
			h.Set("Retry-After", p.retryAfter)
		}
		h.Set(echo.HeaderContentType, "application/problem+json")
		c.Response().WriteHeader(p.Status)
		if c.Request().Method == http.MethodHead {
			return
		}
		_ = jsonEncoder(c.Response()).Encode(p)
	}
}
