/*
 * The vmstate engine: checks descriptions, and saves/loads a structure by its
 * description (fields, nested structures, subsections, hooks), writing the
 * JSON description of what it saved for the stream's trailing vmdesc.  Sections,
 * the stream header and the registry live in savevm.c.
 */
#include "qemu/osdep.h"
#include "migration/vmstate.h"
#include "migration-internal.h"

#define MAX_FIELDS 4096
#define MAX_SUBSECTIONS 256
#define MAX_DEPTH 32
/* Largest buffer or array a stream may make the destination allocate. */
#define MAX_ALLOC (256u << 20)

#define KNOWN_FLAGS (VMS_SINGLE | VMS_POINTER | VMS_ARRAY | VMS_STRUCT | VMS_VARRAY_ANY | \
                     VMS_BUFFER | VMS_ARRAY_OF_POINTER | VMS_VBUFFER | VMS_MULTIPLY | \
                     VMS_MUST_EXIST | VMS_ALLOC | VMS_MULTIPLY_ELEMENTS | VMS_END)

/* ---- checking descriptions ---- */

static GHashTable *checked_descriptions;   /* of const VMStateDescription *: known good */
static GMutex checked_lock;

static bool check_vmsd(const VMStateDescription *vmsd, const char *where, int depth,
                       Error **errp);

/* Index of the field at offset within fields[0..count), or -1. */
static int field_at_offset(const VMStateField *fields, int count, size_t offset)
{
    for (int i = 0; i < count; i++) {
        if (!(fields[i].flags & VMS_END) && fields[i].offset == offset &&
            !(fields[i].flags & (VMS_POINTER | VMS_STRUCT))) {
            return i;
        }
    }
    return -1;
}

static bool check_field(const VMStateDescription *vmsd, const VMStateField *fields, int i,
                        int count, int depth, Error **errp)
{
    const VMStateField *field = &fields[i];
    const char *name = vmsd->name;

    if (field->flags & ~KNOWN_FLAGS) {
        error_setg(errp, "vmstate '%s' field '%s': unknown flags 0x%x", name, field->name,
                   field->flags & ~KNOWN_FLAGS);
        return false;
    }
    if (field->version_id > vmsd->version_id) {
        error_setg(errp, "vmstate '%s' field '%s': field version %d is newer than the "
                   "description's version %d", name, field->name, field->version_id,
                   vmsd->version_id);
        return false;
    }
    if ((field->flags & VMS_MUST_EXIST) && !field->info && !field->vmsd) {
        /* VMSTATE_VALIDATE: a check only, nothing on the wire. */
        if (!field->field_exists) {
            error_setg(errp, "vmstate '%s' check '%s' has no test function", name,
                       field->name);
            return false;
        }
        return true;
    }
    if (field->flags & VMS_STRUCT) {
        g_autofree char *where = g_strdup_printf("vmstate '%s' field '%s'", name, field->name);
        if (!field->vmsd) {
            error_setg(errp, "%s: structure field without a description", where);
            return false;
        }
        if (!field->size) {
            error_setg(errp, "%s: structure field of size 0", where);
            return false;
        }
        if (!check_vmsd(field->vmsd, where, depth + 1, errp)) {
            return false;
        }
    } else {
        if (!field->info) {
            error_setg(errp, "vmstate '%s' field '%s': no type (VMStateInfo) given", name,
                       field->name);
            return false;
        }
        if (!field->info->get || !field->info->put) {
            error_setg(errp, "vmstate '%s' field '%s': type '%s' lacks get or put", name,
                       field->name, field->info->name ? field->info->name : "?");
            return false;
        }
        if (field->info->size && field->size != field->info->size) {
            error_setg(errp, "vmstate '%s' field '%s': element size %zu does not match its "
                       "type %s (%zu bytes)", name, field->name, field->size,
                       field->info->name, field->info->size);
            return false;
        }
        /*
         * Size 0 is allowed for a single element of a custom type that has
         * no fixed size and writes its own wire format (QEMU's "virtio").
         */
        if (!(field->flags & VMS_VBUFFER) && field->size == 0 &&
            !(field->flags == VMS_SINGLE && field->info->size == 0)) {
            error_setg(errp, "vmstate '%s' field '%s': element size is 0", name, field->name);
            return false;
        }
    }
    if ((field->flags & VMS_ARRAY) && field->num <= 0) {
        error_setg(errp, "vmstate '%s' field '%s': array of %d elements", name, field->name,
                   field->num);
        return false;
    }
    if (field->flags & VMS_VARRAY_ANY) {
        int at = field_at_offset(fields, count, field->num_offset);
        if (at > i) {
            error_setg(errp, "vmstate '%s' field '%s': its element count '%s' comes after "
                       "it in the field list, so a destination could not size it", name,
                       field->name, fields[at].name);
            return false;
        }
    }
    if (field->flags & VMS_VBUFFER) {
        int at = field_at_offset(fields, count, field->size_offset);
        if (at > i) {
            error_setg(errp, "vmstate '%s' field '%s': its size '%s' comes after it in the "
                       "field list, so a destination could not size it", name, field->name,
                       fields[at].name);
            return false;
        }
    }
    return true;
}

static bool check_vmsd(const VMStateDescription *vmsd, const char *where, int depth,
                       Error **errp)
{
    const VMStateField *fields;
    int count;
    bool known;

    if (!vmsd) {
        error_setg(errp, "%s: no description", where);
        return false;
    }
    g_mutex_lock(&checked_lock);
    known = checked_descriptions && g_hash_table_contains(checked_descriptions, vmsd);
    g_mutex_unlock(&checked_lock);
    if (known) {
        return true;
    }
    if (depth > MAX_DEPTH) {
        error_setg(errp, "%s: descriptions nested more than %d deep (a cycle?)", where,
                   MAX_DEPTH);
        return false;
    }
    if (!vmsd->name || !vmsd->name[0]) {
        error_setg(errp, "%s: refers to a description with no name and no fields (an "
                   "empty stub that was never filled in?)", where);
        return false;
    }
    if (!vmsd->fields) {
        if (!vmsd->unmigratable) {
            error_setg(errp, "vmstate '%s': no field list (an empty one is "
                       "{ VMSTATE_END_OF_LIST() })", vmsd->name);
            return false;
        }
    } else {
        fields = vmsd->fields;
        for (count = 0; count < MAX_FIELDS && !(fields[count].flags & VMS_END); count++) {
            if (!fields[count].name) {
                error_setg(errp, "vmstate '%s': field %d has no name (is the field list "
                           "terminated with VMSTATE_END_OF_LIST()?)", vmsd->name, count);
                return false;
            }
        }
        if (count == MAX_FIELDS) {
            error_setg(errp, "vmstate '%s': field list is not terminated with "
                       "VMSTATE_END_OF_LIST()", vmsd->name);
            return false;
        }
        for (int i = 0; i < count; i++) {
            if (!check_field(vmsd, fields, i, count, depth, errp)) {
                return false;
            }
        }
    }
    if (vmsd->minimum_version_id > vmsd->version_id) {
        error_setg(errp, "vmstate '%s': minimum_version_id %d is above version_id %d",
                   vmsd->name, vmsd->minimum_version_id, vmsd->version_id);
        return false;
    }
    if (vmsd->subsections) {
        size_t plen = strlen(vmsd->name);
        int n;
        for (n = 0; n < MAX_SUBSECTIONS && vmsd->subsections[n]; n++) {
            const VMStateDescription *sub = vmsd->subsections[n];
            g_autofree char *swhere = g_strdup_printf("vmstate '%s' subsection %d",
                                                      vmsd->name, n);
            if (!check_vmsd(sub, swhere, depth + 1, errp)) {
                return false;
            }
            if (strncmp(sub->name, vmsd->name, plen) != 0) {
                error_setg(errp, "vmstate '%s': subsection '%s' must be named '%s/...' so a "
                           "destination can tell whose it is", vmsd->name, sub->name,
                           vmsd->name);
                return false;
            }
            if (strlen(sub->name) > 255) {
                error_setg(errp, "vmstate '%s': subsection name '%s' is longer than 255",
                           vmsd->name, sub->name);
                return false;
            }
        }
        if (n == MAX_SUBSECTIONS) {
            error_setg(errp, "vmstate '%s': subsection list is not NULL-terminated",
                       vmsd->name);
            return false;
        }
    }
    g_mutex_lock(&checked_lock);
    if (!checked_descriptions) {
        checked_descriptions = g_hash_table_new(NULL, NULL);
    }
    g_hash_table_add(checked_descriptions, (gpointer)vmsd);
    g_mutex_unlock(&checked_lock);
    return true;
}

bool vmstate_check_description(const VMStateDescription *vmsd, Error **errp)
{
    if (vmsd && (!vmsd->name || !vmsd->name[0])) {
        error_setg(errp, "vmstate description with no name and no fields (an empty stub "
                   "that was never filled in?)");
        return false;
    }
    return check_vmsd(vmsd, "vmstate", 0, errp);
}

/* ---- shared helpers ---- */

static bool field_present(const VMStateField *field, void *opaque, int version_id)
{
    if (field->field_exists) {
        return field->field_exists(opaque, version_id);
    }
    return field->version_id <= version_id;
}

/* Number of elements, or -1 (with *errp) for a negative or oversized count. */
static int64_t field_count(const VMStateDescription *vmsd, const VMStateField *field,
                           void *opaque, Error **errp)
{
    int64_t n = 1;
    void *p = (uint8_t *)opaque + field->num_offset;

    if (field->flags & VMS_ARRAY) {
        n = field->num;
    } else if (field->flags & VMS_VARRAY_INT32) {
        n = *(int32_t *)p;
    } else if (field->flags & VMS_VARRAY_UINT32) {
        n = *(uint32_t *)p;
    } else if (field->flags & VMS_VARRAY_UINT16) {
        n = *(uint16_t *)p;
    } else if (field->flags & VMS_VARRAY_UINT8) {
        n = *(uint8_t *)p;
    }
    if (field->flags & VMS_MULTIPLY_ELEMENTS) {
        n *= field->num;
    }
    if (n < 0) {
        error_setg(errp, "'%s' field '%s': negative element count %" PRId64, vmsd->name,
                   field->name, n);
        return -1;
    }
    if (field->max_elems && (uint64_t)n > field->max_elems) {
        error_setg(errp, "'%s' field '%s': %" PRId64 " elements but the array holds %zu",
                   vmsd->name, field->name, n, field->max_elems);
        return -1;
    }
    return n;
}

/* Element size in bytes (VBUFFER: the buffer size). */
static int64_t field_size(const VMStateDescription *vmsd, const VMStateField *field,
                          void *opaque, Error **errp)
{
    int64_t size = field->size;
    if (field->flags & VMS_VBUFFER) {
        size = *(uint32_t *)((uint8_t *)opaque + field->size_offset);
        if (field->flags & VMS_MULTIPLY) {
            size *= field->size;
        }
        if (size > MAX_ALLOC) {
            error_setg(errp, "'%s' field '%s': buffer size %" PRId64 " is too large",
                       vmsd->name, field->name, size);
            return -1;
        }
    }
    return size;
}

bool vmstate_save_needed(const VMStateDescription *vmsd, void *opaque)
{
    return !vmsd->needed || vmsd->needed(opaque);
}

static int hook_failed(Error **errp, const VMStateDescription *vmsd, const char *hook, int ret)
{
    error_setg(errp, "vmstate '%s': %s failed: %s", vmsd->name, hook, g_strerror(-ret));
    return ret;
}

static int file_error(QEMUFile *f, Error **errp)
{
    const Error *err = NULL;
    int ret = qemu_file_get_error_obj(f, &err);
    if (ret) {
        error_setg(errp, "%s", err ? error_get_pretty(err) : g_strerror(-ret));
    }
    return ret;
}

/* ---- saving ---- */

static int save_elem(QEMUFile *f, const VMStateField *field, void *elem, size_t size,
                     JsonBuilder *vmdesc, Error **errp)
{
    if (field->flags & VMS_STRUCT) {
        return vmstate_save_state(f, field->vmsd, elem, vmdesc, errp);
    }
    return field->info->put(f, elem, size, field, errp);
}

static void desc_field_start(JsonBuilder *vmdesc, const VMStateField *field, int64_t n,
                             int64_t index)
{
    json_builder_begin_object(vmdesc);
    json_builder_set_member_name(vmdesc, "name");
    json_builder_add_string_value(vmdesc, field->name);
    if (n > 1 || (field->flags & (VMS_ARRAY | VMS_VARRAY_ANY))) {
        json_builder_set_member_name(vmdesc, "array_len");
        json_builder_add_int_value(vmdesc, n);
    }
    if (index >= 0) {
        json_builder_set_member_name(vmdesc, "index");
        json_builder_add_int_value(vmdesc, index);
    }
    json_builder_set_member_name(vmdesc, "type");
    json_builder_add_string_value(vmdesc, (field->flags & VMS_STRUCT) ? "struct"
                                                                      : field->info->name);
}

static void desc_field_end(JsonBuilder *vmdesc, uint64_t size)
{
    json_builder_set_member_name(vmdesc, "size");
    json_builder_add_int_value(vmdesc, size);
    json_builder_end_object(vmdesc);
}

static int save_field(QEMUFile *f, const VMStateDescription *vmsd, const VMStateField *field,
                      void *opaque, JsonBuilder *vmdesc, Error **errp)
{
    void *base = (uint8_t *)opaque + field->offset;
    int64_t n = field_count(vmsd, field, opaque, errp);
    int64_t size = n < 0 ? -1 : field_size(vmsd, field, opaque, errp);
    bool per_elem_desc = vmdesc && (field->flags & VMS_STRUCT);
    int ret = 0;

    if (n < 0 || size < 0) {
        return -EINVAL;
    }
    if (field->flags & VMS_POINTER) {
        base = *(void **)base;
        if (!base && n * size > 0) {
            error_setg(errp, "vmstate '%s' field '%s': pointer is NULL", vmsd->name,
                       field->name);
            return -EINVAL;
        }
    }
    if (vmdesc && !per_elem_desc) {
        desc_field_start(vmdesc, field, n, -1);
    }
    for (int64_t i = 0; i < n && !ret; i++) {
        size_t stride = (field->flags & VMS_ARRAY_OF_POINTER) ? sizeof(void *) : (size_t)size;
        /* base is NULL only for an empty buffer (checked above). */
        void *elem = base ? (uint8_t *)base + i * stride : NULL;
        uint64_t before = qemu_file_total_transferred(f);
        if (field->flags & VMS_ARRAY_OF_POINTER) {
            elem = elem ? *(void **)elem : NULL;
            if (!elem) {
                error_setg(errp, "vmstate '%s' field '%s': element %" PRId64 " is NULL",
                           vmsd->name, field->name, i);
                ret = -EINVAL;
                break;
            }
        }
        if (per_elem_desc) {
            desc_field_start(vmdesc, field, n, i);
            json_builder_set_member_name(vmdesc, "struct");
            json_builder_begin_object(vmdesc);
        }
        ret = save_elem(f, field, elem, size, per_elem_desc ? vmdesc : NULL, errp);
        if (per_elem_desc) {
            json_builder_end_object(vmdesc);
            desc_field_end(vmdesc, qemu_file_total_transferred(f) - before);
        }
    }
    if (vmdesc && !per_elem_desc) {
        desc_field_end(vmdesc, size);
    }
    return ret;
}

static int save_subsections(QEMUFile *f, const VMStateDescription *vmsd, void *opaque,
                            JsonBuilder *vmdesc, Error **errp)
{
    bool opened = false;
    int ret = 0;

    for (int i = 0; vmsd->subsections && vmsd->subsections[i] && !ret; i++) {
        const VMStateDescription *sub = vmsd->subsections[i];
        if (!vmstate_save_needed(sub, opaque)) {
            continue;
        }
        if (vmdesc && !opened) {
            json_builder_set_member_name(vmdesc, "subsections");
            json_builder_begin_array(vmdesc);
            opened = true;
        }
        qemu_put_byte(f, QEMU_VM_SUBSECTION);
        qemu_put_counted_string(f, sub->name);
        qemu_put_be32(f, sub->version_id);
        if (vmdesc) {
            json_builder_begin_object(vmdesc);
        }
        ret = vmstate_save_state(f, sub, opaque, vmdesc, errp);
        if (vmdesc) {
            json_builder_end_object(vmdesc);
        }
    }
    if (opened) {
        json_builder_end_array(vmdesc);
    }
    return ret;
}

int vmstate_save_state(QEMUFile *f, const VMStateDescription *vmsd, void *opaque,
                       JsonBuilder *vmdesc, Error **errp)
{
    int ret = 0;

    if (vmsd->pre_save) {
        ret = vmsd->pre_save(opaque);
        if (ret) {
            return hook_failed(errp, vmsd, "pre_save", ret);
        }
    }
    if (vmdesc) {
        json_builder_set_member_name(vmdesc, "vmsd_name");
        json_builder_add_string_value(vmdesc, vmsd->name);
        json_builder_set_member_name(vmdesc, "version");
        json_builder_add_int_value(vmdesc, vmsd->version_id);
        json_builder_set_member_name(vmdesc, "fields");
        json_builder_begin_array(vmdesc);
    }
    for (const VMStateField *field = vmsd->fields; field && !(field->flags & VMS_END) && !ret;
         field++) {
        if (!field_present(field, opaque, vmsd->version_id) ||
            ((field->flags & VMS_MUST_EXIST) && !field->info && !field->vmsd)) {
            continue;
        }
        ret = save_field(f, vmsd, field, opaque, vmdesc, errp);
    }
    if (vmdesc) {
        json_builder_end_array(vmdesc);
    }
    if (!ret) {
        ret = save_subsections(f, vmsd, opaque, vmdesc, errp);
    }
    if (vmsd->post_save) {
        int pret = vmsd->post_save(opaque);
        if (pret && !ret) {
            return hook_failed(errp, vmsd, "post_save", pret);
        }
    }
    if (!ret && (ret = file_error(f, errp))) {
        error_prepend(errp, "saving '%s': ", vmsd->name);
    }
    return ret;
}

/* ---- loading ---- */

static int load_field(QEMUFile *f, const VMStateDescription *vmsd, const VMStateField *field,
                      void *opaque, Error **errp)
{
    void *base = (uint8_t *)opaque + field->offset;
    int64_t n = field_count(vmsd, field, opaque, errp);
    int64_t size = n < 0 ? -1 : field_size(vmsd, field, opaque, errp);
    int ret = 0;

    if (n < 0 || size < 0) {
        return -EINVAL;
    }
    if (field->flags & VMS_POINTER) {
        void **pp = base;
        if (field->flags & VMS_ALLOC) {
            uint64_t bytes = (uint64_t)n * size;
            g_free(*pp);
            *pp = NULL;
            if (bytes > MAX_ALLOC) {
                error_setg(errp, "'%s' field '%s': %" PRIu64 " bytes is too large", vmsd->name,
                           field->name, bytes);
                return -EINVAL;
            }
            if (bytes) {
                *pp = g_try_malloc0(bytes);
                if (!*pp) {
                    error_setg(errp, "'%s' field '%s': cannot allocate %" PRIu64 " bytes",
                               vmsd->name, field->name, bytes);
                    return -ENOMEM;
                }
            }
        }
        base = *pp;
        if (!base && n * size > 0) {
            error_setg(errp, "'%s' field '%s': the destination has no memory for it "
                       "(NULL pointer)", vmsd->name, field->name);
            return -EINVAL;
        }
    }
    for (int64_t i = 0; i < n && !ret; i++) {
        size_t stride = (field->flags & VMS_ARRAY_OF_POINTER) ? sizeof(void *) : (size_t)size;
        /* base is NULL only for an empty buffer (checked above). */
        void *elem = base ? (uint8_t *)base + i * stride : NULL;
        if (field->flags & VMS_ARRAY_OF_POINTER) {
            elem = elem ? *(void **)elem : NULL;
            if (!elem) {
                error_setg(errp, "'%s' field '%s': element %" PRId64 " is NULL", vmsd->name,
                           field->name, i);
                return -EINVAL;
            }
        }
        if (field->flags & VMS_STRUCT) {
            ret = vmstate_load_state(f, field->vmsd, elem, field->vmsd->version_id, errp);
        } else {
            ret = field->info->get(f, elem, size, field, errp);
        }
    }
    if (ret) {
        error_prepend(errp, "'%s' field '%s': ", vmsd->name, field->name);
    }
    return ret;
}

static const VMStateDescription *find_subsection(const VMStateDescription *vmsd,
                                                 const char *name)
{
    for (int i = 0; vmsd->subsections && vmsd->subsections[i]; i++) {
        if (!strcmp(vmsd->subsections[i]->name, name)) {
            return vmsd->subsections[i];
        }
    }
    return NULL;
}

static int load_subsections(QEMUFile *f, const VMStateDescription *vmsd, void *opaque,
                            Error **errp)
{
    size_t plen = strlen(vmsd->name);

    for (;;) {
        char name[256];
        uint8_t *peeked;
        const VMStateDescription *sub;
        int len, ret;
        uint32_t version;

        if (qemu_peek_byte(f, 0) != QEMU_VM_SUBSECTION) {
            return 0;
        }
        len = qemu_peek_byte(f, 1);
        if (len < 0 || qemu_peek_buffer(f, &peeked, len, 2) != (size_t)len) {
            /* A subsection marker with no complete name after it. */
            qemu_file_set_error(f, -EIO, "migration stream is truncated inside a "
                                "subsection header of '%s'", vmsd->name);
            return file_error(f, errp);
        }
        memcpy(name, peeked, len);
        name[len] = 0;
        if ((size_t)len < plen || strncmp(name, vmsd->name, plen) != 0) {
            return 0;       /* a subsection of an enclosing description */
        }
        sub = find_subsection(vmsd, name);
        if (!sub) {
            if (name[plen] == '/' || name[plen] == 0) {
                error_setg(errp, "'%s': unknown subsection '%s' in the stream (the source "
                           "has state this version cannot load)", vmsd->name, name);
                return -ENOENT;
            }
            return 0;
        }
        qemu_get_byte(f);
        qemu_get_counted_string(f, name);
        version = qemu_get_be32(f);
        if ((ret = file_error(f, errp))) {
            return ret;
        }
        if (version > INT32_MAX) {
            error_setg(errp, "'%s': subsection version %" PRIu32 " is invalid", sub->name,
                       version);
            return -EINVAL;
        }
        ret = vmstate_load_state(f, sub, opaque, (int)version, errp);
        if (ret) {
            return ret;
        }
    }
}

int vmstate_load_state(QEMUFile *f, const VMStateDescription *vmsd, void *opaque,
                       int version_id, Error **errp)
{
    int ret;

    if (version_id > vmsd->version_id) {
        error_setg(errp, "%s: incoming version_id %d is too new for local version_id %d",
                   vmsd->name, version_id, vmsd->version_id);
        return -EINVAL;
    }
    if (version_id < vmsd->minimum_version_id) {
        error_setg(errp, "%s: incoming version_id %d is too old for local minimum "
                   "version_id %d", vmsd->name, version_id, vmsd->minimum_version_id);
        return -EINVAL;
    }
    if (vmsd->pre_load) {
        ret = vmsd->pre_load(opaque);
        if (ret) {
            return hook_failed(errp, vmsd, "pre_load", ret);
        }
    }
    for (const VMStateField *field = vmsd->fields; field && !(field->flags & VMS_END); field++) {
        if (!field_present(field, opaque, version_id)) {
            if (field->flags & VMS_MUST_EXIST) {
                error_setg(errp, "Input validation failed: %s/%s", vmsd->name, field->name);
                return -EINVAL;
            }
            continue;
        }
        if ((field->flags & VMS_MUST_EXIST) && !field->info && !field->vmsd) {
            continue;
        }
        ret = load_field(f, vmsd, field, opaque, errp);
        if (!ret) {
            ret = file_error(f, errp);
            if (ret) {
                error_prepend(errp, "'%s' field '%s': ", vmsd->name, field->name);
            }
        }
        if (ret) {
            if (field->err_hint) {
                error_append_hint(errp, "%s\n", field->err_hint);
            }
            return ret;
        }
    }
    ret = load_subsections(f, vmsd, opaque, errp);
    if (ret) {
        return ret;
    }
    if (vmsd->post_load) {
        ret = vmsd->post_load(opaque, version_id);
        if (ret) {
            return hook_failed(errp, vmsd, "post_load", ret);
        }
    }
    return 0;
}
