#ifndef INTAKE_CETPAN_SHIM_H
#define INTAKE_CETPAN_SHIM_H
// libetpan (IMAP, SMTP, MIME, charsets), plus small helpers that walk its lists and unions, which
// Swift cannot reach through C macros. No protocol is written here: every command is libetpan's.
#include <libetpan/libetpan.h>
#include <libetpan/mailstream_ssl.h>
#include <gnutls/gnutls.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/// The UIDs of messages with UID >= `from` in the selected mailbox (`UID FETCH from:* (UID)`).
/// `*out` is malloc'd (free it); the server may answer with the last message even below `from`.
static inline int intake_imap_uids_from(mailimap *imap, uint32_t from, uint32_t **out, size_t *count) {
    *out = NULL; *count = 0;
    struct mailimap_set *set = mailimap_set_new_interval(from, 0);
    struct mailimap_fetch_type *ft = mailimap_fetch_type_new_fetch_att_list_empty();
    mailimap_fetch_type_new_fetch_att_list_add(ft, mailimap_fetch_att_new_uid());
    clist *result = NULL;
    int r = mailimap_uid_fetch(imap, set, ft, &result);
    mailimap_fetch_type_free(ft);
    mailimap_set_free(set);
    if (r != MAILIMAP_NO_ERROR) return r;
    size_t n = 0;
    uint32_t *uids = malloc(sizeof(uint32_t) * (clist_count(result) + 1));
    for (clistiter *c = clist_begin(result); c != NULL; c = clist_next(c)) {
        struct mailimap_msg_att *att = clist_content(c);
        for (clistiter *i = clist_begin(att->att_list); i != NULL; i = clist_next(i)) {
            struct mailimap_msg_att_item *item = clist_content(i);
            if (item->att_type == MAILIMAP_MSG_ATT_ITEM_STATIC && item->att_data.att_static->att_type == MAILIMAP_MSG_ATT_UID)
                uids[n++] = item->att_data.att_static->att_data.att_uid;
        }
    }
    mailimap_fetch_list_free(result);
    *out = uids; *count = n;
    return MAILIMAP_NO_ERROR;
}

/// The whole message with `uid`, byte-exact (`UID FETCH uid BODY.PEEK[]`, which leaves it unseen).
/// `*out` is malloc'd; NULL with no error when the message is gone.
static inline int intake_imap_fetch_message(mailimap *imap, uint32_t uid, char **out, size_t *length) {
    *out = NULL; *length = 0;
    struct mailimap_set *set = mailimap_set_new_single(uid);
    struct mailimap_fetch_type *ft = mailimap_fetch_type_new_fetch_att_list_empty();
    mailimap_fetch_type_new_fetch_att_list_add(ft, mailimap_fetch_att_new_uid());
    mailimap_fetch_type_new_fetch_att_list_add(ft, mailimap_fetch_att_new_body_peek_section(mailimap_section_new(NULL)));
    clist *result = NULL;
    int r = mailimap_uid_fetch(imap, set, ft, &result);
    mailimap_fetch_type_free(ft);
    mailimap_set_free(set);
    if (r != MAILIMAP_NO_ERROR) return r;
    for (clistiter *c = clist_begin(result); c != NULL; c = clist_next(c)) {
        struct mailimap_msg_att *att = clist_content(c);
        uint32_t found = 0; const char *body = NULL; size_t len = 0;
        for (clistiter *i = clist_begin(att->att_list); i != NULL; i = clist_next(i)) {
            struct mailimap_msg_att_item *item = clist_content(i);
            if (item->att_type != MAILIMAP_MSG_ATT_ITEM_STATIC) continue;
            struct mailimap_msg_att_static *s = item->att_data.att_static;
            if (s->att_type == MAILIMAP_MSG_ATT_UID) found = s->att_data.att_uid;
            if (s->att_type == MAILIMAP_MSG_ATT_BODY_SECTION && s->att_data.att_body_section->sec_body_part != NULL) {
                body = s->att_data.att_body_section->sec_body_part;
                len = s->att_data.att_body_section->sec_length;
            }
        }
        if (found == uid && body != NULL) {
            *out = malloc(len + 1);
            memcpy(*out, body, len);
            (*out)[len] = 0;
            *length = len;
            break;
        }
    }
    mailimap_fetch_list_free(result);
    return MAILIMAP_NO_ERROR;
}

/// Moves one message: MOVE where the server has it, else COPY then \Deleted and UID EXPUNGE of that
/// one UID (RFC 6851's own fallback); the message then exists in `mailbox`, never nowhere.
static inline int intake_imap_move(mailimap *imap, uint32_t uid, const char *mailbox) {
    struct mailimap_set *set = mailimap_set_new_single(uid);
    int r;
    if (mailimap_has_extension(imap, "MOVE")) {
        r = mailimap_uid_move(imap, set, mailbox);
    } else {
        r = mailimap_uid_copy(imap, set, mailbox);
        if (r == MAILIMAP_NO_ERROR) {
            struct mailimap_flag_list *flags = mailimap_flag_list_new_empty();
            mailimap_flag_list_add(flags, mailimap_flag_new_deleted());
            struct mailimap_store_att_flags *store = mailimap_store_att_flags_new_add_flags_silent(flags);
            r = mailimap_uid_store(imap, set, store);
            mailimap_store_att_flags_free(store);
            if (r == MAILIMAP_NO_ERROR && mailimap_has_extension(imap, "UIDPLUS")) r = mailimap_uid_expunge(imap, set);
        }
    }
    mailimap_set_free(set);
    return r;
}

/// Creates `mailbox` unless it exists (an "already exists" answer is not an error).
static inline int intake_imap_ensure_mailbox(mailimap *imap, const char *mailbox) {
    int r = mailimap_create(imap, mailbox);
    if (r == MAILIMAP_ERROR_CREATE) return MAILIMAP_NO_ERROR;
    return r;
}

static inline uint32_t intake_imap_uidvalidity(mailimap *imap) {
    return imap->imap_selection_info ? imap->imap_selection_info->sel_uidvalidity : 0;
}

/// An untagged EXISTS (a new message) can come in the answer to any command, where libetpan only
/// records the count. These mark the count unknown before a pass and tell afterwards whether one
/// came, so that a mail announced during the pass is taken before the next IDLE (which would not
/// announce it again).
static inline void intake_imap_exists_reset(mailimap *imap) {
    if (imap->imap_selection_info) imap->imap_selection_info->sel_exists = UINT32_MAX;
}

static inline int intake_imap_exists_seen(mailimap *imap) {
    return imap->imap_selection_info != NULL && imap->imap_selection_info->sel_exists != UINT32_MAX;
}

static inline const char *intake_imap_response(mailimap *imap) {
    return imap->imap_response;
}

/// IDLE until the server says something or `seconds` pass: 1 = something arrived, 0 = timeout,
/// negative = error. The server's notices are read and dropped; the caller fetches what is new.
/// `wake_fd` (a pipe's read end, or -1) ends the wait early, for shutdown.
static inline int intake_imap_idle_wait(mailimap *imap, int seconds, int wake_fd) {
    int r = mailimap_idle(imap);
    if (r != MAILIMAP_NO_ERROR) return -r;
    int got = 0;
    if (imap->imap_stream != NULL && imap->imap_stream->read_buffer_len > 0) {
        got = 1;
    } else {
        struct pollfd p[2] = {
            { .fd = mailimap_idle_get_fd(imap), .events = POLLIN, .revents = 0 },
            { .fd = wake_fd, .events = POLLIN, .revents = 0 },
        };
        int n = poll(p, wake_fd >= 0 ? 2 : 1, seconds * 1000);
        got = (n > 0 && (p[0].revents & (POLLIN | POLLHUP | POLLERR))) ? 1 : 0;
    }
    r = mailimap_idle_done(imap);
    if (r != MAILIMAP_NO_ERROR) return -r;
    return got;
}

/// APPEND, for tests and the benchmark.
static inline int intake_imap_append(mailimap *imap, const char *mailbox, const char *bytes, size_t length) {
    return mailimap_append(imap, mailbox, NULL, NULL, bytes, length);
}

// MIME tree access (mailmime_parse's result), for the parser in Channels/Email.

/// "type/subtype" in lower case, malloc'd; "text/plain" when the part has no Content-Type.
static inline char *intake_mime_type_string(struct mailmime_content *ct) {
    const char *type = "text";
    const char *subtype = "plain";
    if (ct != NULL && ct->ct_type != NULL) {
        struct mailmime_type *t = ct->ct_type;
        if (t->tp_type == MAILMIME_TYPE_DISCRETE_TYPE && t->tp_data.tp_discrete_type != NULL) {
            switch (t->tp_data.tp_discrete_type->dt_type) {
            case MAILMIME_DISCRETE_TYPE_TEXT: type = "text"; break;
            case MAILMIME_DISCRETE_TYPE_IMAGE: type = "image"; break;
            case MAILMIME_DISCRETE_TYPE_AUDIO: type = "audio"; break;
            case MAILMIME_DISCRETE_TYPE_VIDEO: type = "video"; break;
            case MAILMIME_DISCRETE_TYPE_APPLICATION: type = "application"; break;
            default: type = t->tp_data.tp_discrete_type->dt_extension ? t->tp_data.tp_discrete_type->dt_extension : "application";
            }
        } else if (t->tp_type == MAILMIME_TYPE_COMPOSITE_TYPE && t->tp_data.tp_composite_type != NULL) {
            switch (t->tp_data.tp_composite_type->ct_type) {
            case MAILMIME_COMPOSITE_TYPE_MESSAGE: type = "message"; break;
            case MAILMIME_COMPOSITE_TYPE_MULTIPART: type = "multipart"; break;
            default: type = t->tp_data.tp_composite_type->ct_token ? t->tp_data.tp_composite_type->ct_token : "multipart";
            }
        }
        if (ct->ct_subtype != NULL) subtype = ct->ct_subtype;
    }
    size_t n = strlen(type) + strlen(subtype) + 2;
    char *out = malloc(n);
    snprintf(out, n, "%s/%s", type, subtype);
    for (char *c = out; *c; c++) if (*c >= 'A' && *c <= 'Z') *c += 32;
    return out;
}

static inline int intake_mime_kind(struct mailmime *m) { return m->mm_type; }

static inline struct mailmime_content *intake_mime_content(struct mailmime *m) { return m->mm_content_type; }

static inline int intake_mime_child_count(struct mailmime *m) {
    if (m->mm_type != MAILMIME_MULTIPLE || m->mm_data.mm_multipart.mm_mp_list == NULL) return 0;
    return clist_count(m->mm_data.mm_multipart.mm_mp_list);
}

static inline struct mailmime *intake_mime_child(struct mailmime *m, int index) {
    return clist_nth_data(m->mm_data.mm_multipart.mm_mp_list, index);
}

/// The body of a message/rfc822 part (or of the root), NULL when it has none.
static inline struct mailmime *intake_mime_message_body(struct mailmime *m) {
    return m->mm_type == MAILMIME_MESSAGE ? m->mm_data.mm_message.mm_msg_mime : NULL;
}

/// Where the part's content begins in the parsed buffer and how long it is, still transfer-encoded.
static inline const char *intake_mime_body(struct mailmime *m, size_t *length) {
    struct mailmime_data *d = m->mm_type == MAILMIME_SINGLE ? m->mm_data.mm_single : m->mm_body;
    if (d == NULL || d->dt_type != MAILMIME_DATA_TEXT) { *length = 0; return NULL; }
    *length = d->dt_data.dt_text.dt_length;
    return d->dt_data.dt_text.dt_data;
}

/// The whole part as it appears in the message, headers included (for message/rfc822 parts).
static inline const char *intake_mime_raw(struct mailmime *m, size_t *length) {
    *length = m->mm_length;
    return m->mm_mime_start;
}

/// The part's Content-Transfer-Encoding as a MAILMIME_MECHANISM_* value (7bit when absent).
static inline int intake_mime_encoding(struct mailmime *m) {
    if (m->mm_mime_fields == NULL) return MAILMIME_MECHANISM_7BIT;
    for (clistiter *c = clist_begin(m->mm_mime_fields->fld_list); c != NULL; c = clist_next(c)) {
        struct mailmime_field *f = clist_content(c);
        if (f->fld_type == MAILMIME_FIELD_TRANSFER_ENCODING && f->fld_data.fld_encoding != NULL)
            return f->fld_data.fld_encoding->enc_type;
    }
    return MAILMIME_MECHANISM_7BIT;
}

/// 0: no Content-Disposition, 1: inline, 2: attachment, 3: another token.
static inline int intake_mime_disposition(struct mailmime *m) {
    if (m->mm_mime_fields == NULL) return 0;
    for (clistiter *c = clist_begin(m->mm_mime_fields->fld_list); c != NULL; c = clist_next(c)) {
        struct mailmime_field *f = clist_content(c);
        if (f->fld_type == MAILMIME_FIELD_DISPOSITION && f->fld_data.fld_disposition != NULL && f->fld_data.fld_disposition->dsp_type != NULL) {
            switch (f->fld_data.fld_disposition->dsp_type->dsp_type) {
            case MAILMIME_DISPOSITION_TYPE_INLINE: return 1;
            case MAILMIME_DISPOSITION_TYPE_ATTACHMENT: return 2;
            default: return 3;
            }
        }
    }
    return 0;
}

/// Content-ID, without the angle brackets, or NULL.
static inline const char *intake_mime_content_id(struct mailmime *m) {
    if (m->mm_mime_fields == NULL) return NULL;
    for (clistiter *c = clist_begin(m->mm_mime_fields->fld_list); c != NULL; c = clist_next(c)) {
        struct mailmime_field *f = clist_content(c);
        if (f->fld_type == MAILMIME_FIELD_ID) return f->fld_data.fld_id;
    }
    return NULL;
}

/// Content-Type parameters (index, name, value); returns 0 past the last.
static inline int intake_mime_content_param(struct mailmime *m, int index, const char **name, const char **value) {
    if (m->mm_content_type == NULL || m->mm_content_type->ct_parameters == NULL) return 0;
    struct mailmime_parameter *p = clist_nth_data(m->mm_content_type->ct_parameters, index);
    if (p == NULL) return 0;
    *name = p->pa_name; *value = p->pa_value;
    return 1;
}

/// Content-Disposition parameters (index, name, value); filename is reported as "filename".
static inline int intake_mime_disposition_param(struct mailmime *m, int index, const char **name, const char **value) {
    if (m->mm_mime_fields == NULL) return 0;
    for (clistiter *c = clist_begin(m->mm_mime_fields->fld_list); c != NULL; c = clist_next(c)) {
        struct mailmime_field *f = clist_content(c);
        if (f->fld_type != MAILMIME_FIELD_DISPOSITION || f->fld_data.fld_disposition == NULL) continue;
        struct mailmime_disposition_parm *p = clist_nth_data(f->fld_data.fld_disposition->dsp_parms, index);
        if (p == NULL) return 0;
        if (p->pa_type == MAILMIME_DISPOSITION_PARM_FILENAME) { *name = "filename"; *value = p->pa_data.pa_filename; }
        else if (p->pa_type == MAILMIME_DISPOSITION_PARM_PARAMETER) { *name = p->pa_data.pa_parameter->pa_name; *value = p->pa_data.pa_parameter->pa_value; }
        else { *name = ""; *value = ""; }
        return 1;
    }
    return 0;
}

/// The first mailbox of an address header (From, Reply-To, Sender), parsed by libetpan's RFC 5322
/// parser. `*name` (still RFC 2047 encoded) and `*address` are strdup'd; returns 0 when none.
static inline int intake_first_mailbox(const char *value, size_t length, char **name, char **address) {
    *name = NULL; *address = NULL;
    size_t index = 0;
    struct mailimf_mailbox_list *list = NULL;
    if (mailimf_mailbox_list_parse(value, length, &index, &list) != MAILIMF_NO_ERROR) return 0;
    int found = 0;
    clistiter *c = clist_begin(list->mb_list);
    if (c != NULL) {
        struct mailimf_mailbox *mb = clist_content(c);
        if (mb->mb_display_name) *name = strdup(mb->mb_display_name);
        if (mb->mb_addr_spec) { *address = strdup(mb->mb_addr_spec); found = 1; }
    }
    mailimf_mailbox_list_free(list);
    return found;
}

/// Transfer decoding (base64, quoted-printable) of one part's content; `*out` is freed with
/// mmap_string_unref. Returns a MAILIMF_* code.
static inline int intake_mime_decode(const char *data, size_t length, int encoding, char **out, size_t *out_length) {
    size_t index = 0;
    return mailmime_part_parse(data, length, &index, encoding, out, out_length);
}

// TLS. libetpan (built with GnuTLS on Debian) neither sends the server name nor checks the
// server's certificate; these helpers do both.

/// libetpan's private state of a GnuTLS stream (mailstream_ssl.c, libetpan 1.9), whose session
/// and credentials the certificate check needs.
// Exported by libetpan, declared by its header only when USE_SSL is defined at its build.
extern mailstream_low_driver *mailstream_ssl_driver;

struct intake_etpan_gnutls_data {
    int fd;
    gnutls_session_t session;
    gnutls_certificate_credentials_t xcred;
    void *cancel;
};

static void intake_tls_server_name(struct mailstream_ssl_context *ctx, void *host) {
    if (host != NULL) mailstream_ssl_set_server_name(ctx, (char *)host);
}

static inline int intake_imap_tls_connect(mailimap *imap, const char *host, uint16_t port) {
    return mailimap_ssl_connect_with_callback(imap, host, port, intake_tls_server_name, (void *)host);
}

static inline int intake_imap_starttls(mailimap *imap, const char *host) {
    return mailimap_socket_starttls_with_callback(imap, intake_tls_server_name, (void *)host);
}

static inline int intake_smtp_tls_connect(mailsmtp *smtp, const char *host, uint16_t port) {
    return mailsmtp_ssl_connect_with_callback(smtp, host, port, intake_tls_server_name, (void *)host);
}

static inline int intake_smtp_starttls(mailsmtp *smtp, const char *host) {
    return mailsmtp_socket_starttls_with_callback(smtp, intake_tls_server_name, (void *)host);
}

static inline mailstream *intake_imap_stream(mailimap *imap) { return imap->imap_stream; }
static inline mailstream *intake_smtp_stream(mailsmtp *smtp) { return smtp->stream; }

/// Checks the server's certificate on a TLS stream: its chain against the system's trust store
/// (or `ca_file`, PEM, when given) and its name against `host`. 0 when valid; otherwise the
/// reason is written to `reason`.
static inline int intake_tls_verify(mailstream *stream, const char *host, const char *ca_file, char *reason, size_t reason_length) {
    mailstream_low *low = stream ? mailstream_get_low(stream) : NULL;
    if (low == NULL || low->driver != mailstream_ssl_driver || low->data == NULL) {
        snprintf(reason, reason_length, "the connection is not TLS");
        return -1;
    }
    struct intake_etpan_gnutls_data *d = low->data;
    int r = (ca_file != NULL && ca_file[0] != 0)
        ? gnutls_certificate_set_x509_trust_file(d->xcred, ca_file, GNUTLS_X509_FMT_PEM)
        : gnutls_certificate_set_x509_system_trust(d->xcred);
    if (r < 0) {
        snprintf(reason, reason_length, "no trusted certificates loaded: %s", gnutls_strerror(r));
        return -1;
    }
    unsigned int status = 0;
    r = gnutls_certificate_verify_peers3(d->session, host, &status);
    if (r < 0) {
        snprintf(reason, reason_length, "%s", gnutls_strerror(r));
        return -1;
    }
    if (status != 0) {
        gnutls_datum_t out = { NULL, 0 };
        if (gnutls_certificate_verification_status_print(status, gnutls_certificate_type_get(d->session), &out, 0) == 0 && out.data) {
            snprintf(reason, reason_length, "%s", (const char *)out.data);
            gnutls_free(out.data);
        } else {
            snprintf(reason, reason_length, "certificate status %u", status);
        }
        return -1;
    }
    return 0;
}

#endif
