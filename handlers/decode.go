package handlers

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// decodeError is a body that cannot be decoded; it names the field at
// fault ("body" when no single field is).
type decodeError struct {
	status int
	field  string
	msg    string
}

func (e *decodeError) Error() string { return "decode body: " + e.field + ": " + e.msg }

// bodyLimit rejects bodies larger than n bytes with 413.
func bodyLimit(n int64) echo.MiddlewareFunc {
	return middleware.BodyLimit(fmt.Sprintf("%dB", n))
}

// decode reads exactly one JSON object into dst: the content type must be
// JSON, unknown fields and trailing data are rejected.
func decode(c echo.Context, dst any) error {
	if ct := c.Request().Header.Get(echo.HeaderContentType); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return &decodeError{status: http.StatusUnsupportedMediaType, field: "Content-Type", msg: "send application/json"}
		}
	}
	dec := json.NewDecoder(c.Request().Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return decodeProblem(err)
	}
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		return &decodeError{status: http.StatusBadRequest, field: "body", msg: "the body must hold a single JSON object"}
	}
	return nil
}

func decodeProblem(err error) error {
	var (
		syntax    *json.SyntaxError
		typeErr   *json.UnmarshalTypeError
		maxErr    *http.MaxBytesError
		httpError *echo.HTTPError
	)
	switch {
	case errors.As(err, &httpError):
		return httpError
	case errors.As(err, &maxErr):
		return echo.ErrStatusRequestEntityTooLarge
	case errors.Is(err, io.EOF):
		return &decodeError{status: http.StatusBadRequest, field: "body", msg: "the body is empty; send a JSON object"}
	case errors.As(err, &syntax), errors.Is(err, io.ErrUnexpectedEOF):
		return &decodeError{status: http.StatusBadRequest, field: "body", msg: "malformed JSON: " + err.Error()}
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			field = "body"
		}
		return &decodeError{status: http.StatusBadRequest, field: field, msg: fmt.Sprintf("must be a JSON %s, not %s", jsonKind(typeErr.Type.Kind().String()), typeErr.Value)}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &decodeError{status: http.StatusBadRequest, field: name, msg: "unknown field"}
	default:
		// A field's own UnmarshalJSON (e.g. a cadence unit) failed.
		return &decodeError{status: http.StatusBadRequest, field: "body", msg: err.Error()}
	}
}

func jsonKind(goKind string) string {
	switch goKind {
	case "int", "int64", "int32", "float64":
		return "number"
	case "bool":
		return "boolean"
	case "slice", "array":
		return "array"
	case "map", "struct":
		return "object"
	default:
		return goKind
	}
}

// jsonEncoder writes compact JSON without HTML escaping.
func jsonEncoder(w io.Writer) *json.Encoder {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc
}

// render writes v as JSON with the given status.
func render(c echo.Context, status int, v any) error {
	c.Response().Header().Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
	c.Response().WriteHeader(status)
	return jsonEncoder(c.Response()).Encode(v)
}
