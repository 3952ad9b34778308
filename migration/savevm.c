/*
 * The savevm engine: the registry of sections (vmstate descriptions and
 * SaveVMHandlers) with their section ids, instance ids, aliases and legacy
 * names; the stream in QEMU's format (header, configuration, sections,
 * footers, EOF, vmdesc); loading with QEMU's error wording; the globalstate
 * section; -dump-vmstate.  Channels and the migration thread are elsewhere.
 */
#include "qemu/osdep.h"
#include "migration/vmstate.h"
#include "migration/register.h"
#include "migration/misc.h"
#include "migration-internal.h"
#include "hw/qdev-core.h"
#include "hw/boards.h"
#include "system/runstate.h"

typedef struct CompatEntry {
    char idstr[256];
    uint32_t instance_id;
} CompatEntry;

typedef struct SaveStateEntry {
    char idstr[256];
    uint32_t instance_id;
    int alias_id;                      /* -1: none */
    int alias_required_for_version;
    int version_id;
    uint32_t section_id;
    const SaveVMHandlers *ops;
    const VMStateDescription *vmsd;
    void *opaque;
    Object *obj;
    CompatEntry *compat;               /* legacy name when the id has a device path */
    Error *blocker;                    /* clash or unmigratable: our migration blocker */
    bool active;                       /* iterative handler taking part in this save */
} SaveStateEntry;

/* The process's section registry (singleton), in save order. */
static struct {
    GList *entries;                    /* of SaveStateEntry * */
    uint32_t next_section_id;
    GHashTable *legacy_id_names;       /* vmsd names that send their alias ids */
    bool legacy_ids_all;
} savevm_state;

/* Guards the registry against the migration thread (lock order: device lock first). */
static GRecMutex savevm_lock;

/* ---- the registry ---- */

static bool se_is_iterative(SaveStateEntry *se)
{
    return se->ops && se->ops->save_setup;
}

static void registry_insert(SaveStateEntry *se)
{
    MigrationPriority pri = se->vmsd ? se->vmsd->priority : MIG_PRI_DEFAULT;
    GList *l;

    /* Higher priority first; equal priorities keep registration order. */
    for (l = savevm_state.entries; l; l = l->next) {
        SaveStateEntry *o = l->data;
        MigrationPriority opri = o->vmsd ? o->vmsd->priority : MIG_PRI_DEFAULT;
        if (opri < pri) {
            break;
        }
    }
    savevm_state.entries = g_list_insert_before(savevm_state.entries, l, se);
}

static SaveStateEntry *find_by_id(const char *idstr, uint32_t instance_id)
{
    for (GList *l = savevm_state.entries; l; l = l->next) {
        SaveStateEntry *se = l->data;
        if (!strcmp(se->idstr, idstr) && se->instance_id == instance_id) {
            return se;
        }
    }
    return NULL;
}

static uint32_t next_instance_id(const char *idstr)
{
    int64_t max = -1;
    for (GList *l = savevm_state.entries; l; l = l->next) {
        SaveStateEntry *se = l->data;
        if (!strcmp(se->idstr, idstr) && (int64_t)se->instance_id > max) {
            max = se->instance_id;
        }
    }
    return (uint32_t)(max + 1);
}

static uint32_t next_compat_instance_id(const char *name)
{
    int64_t max = -1;
    for (GList *l = savevm_state.entries; l; l = l->next) {
        SaveStateEntry *se = l->data;
        if (se->compat && !strcmp(se->compat->idstr, name) &&
            (int64_t)se->compat->instance_id > max) {
            max = se->compat->instance_id;
        }
    }
    return (uint32_t)(max + 1);
}

static char *se_owner_name(SaveStateEntry *se)
{
    if (se->obj && object_dynamic_cast(se->obj, TYPE_DEVICE)) {
        DeviceState *dev = DEVICE(se->obj);
        if (dev->id) {
            return g_strdup_printf("device '%s' (%s)", dev->id,
                                   object_get_typename(se->obj));
        }
        g_autofree char *path = object_get_canonical_path(se->obj);
        return g_strdup_printf("device %s (%s)", path, object_get_typename(se->obj));
    }
    return g_strdup_printf("'%s'", se->vmsd ? se->vmsd->name : se->idstr);
}

/* Seed 000: never abort on a clash; warn and block migration instead. */
static bool report_clash(SaveStateEntry *se, SaveStateEntry *other, Error **errp)
{
    g_autofree char *mine = se_owner_name(se);
    g_autofree char *theirs = other ? se_owner_name(other) : g_strdup("another section");
    Error *local = NULL;

    error_setg(&se->blocker, "section '%s' of %s has the same id as that of %s (instance %u), "
               "so a destination could not tell them apart; migration is disabled. Give "
               "the devices distinct addresses, or use a machine type whose device paths "
               "include the transport address",
               se->idstr, mine, theirs, other ? other->instance_id : se->instance_id);
    warn_report("%s", error_get_pretty(se->blocker));
    if (!migrate_add_blocker(se->blocker, &local)) {
        error_free(se->blocker);
        se->blocker = NULL;
        error_propagate(errp, local);
        return false;
    }
    return true;
}

int vmstate_register_with_alias_id(Object *obj, uint32_t instance_id,
                                   const VMStateDescription *vmsd, void *opaque,
                                   int alias_id, int required_for_version, Error **errp)
{
    SaveStateEntry *se, *clash = NULL;
    g_autofree char *path = NULL;

    if (!vmstate_check_description(vmsd, errp)) {
        return -1;
    }
    if (alias_id != -1 && required_for_version < vmsd->minimum_version_id) {
        error_setg(errp, "vmstate '%s': alias id %d is required up to version %d, below "
                   "the minimum version %d", vmsd->name, alias_id, required_for_version,
                   vmsd->minimum_version_id);
        return -1;
    }
    if (obj && object_dynamic_cast(obj, TYPE_DEVICE)) {
        path = qdev_get_dev_path(DEVICE(obj));
    }
    if (path && strlen(path) + strlen(vmsd->name) + 2 > sizeof(se->idstr)) {
        error_setg(errp, "vmstate '%s': section id '%s/%s' is longer than 255 bytes",
                   vmsd->name, path, vmsd->name);
        return -1;
    }

    se = g_new0(SaveStateEntry, 1);
    se->vmsd = vmsd;
    se->opaque = opaque;
    se->obj = obj;
    se->version_id = vmsd->version_id;
    se->alias_id = alias_id;
    se->alias_required_for_version = required_for_version;

    g_rec_mutex_lock(&savevm_lock);
    if (path) {
        snprintf(se->idstr, sizeof(se->idstr), "%s/%s", path, vmsd->name);
        se->compat = g_new0(CompatEntry, 1);
        g_strlcpy(se->compat->idstr, vmsd->name, sizeof(se->compat->idstr));
        se->compat->instance_id = instance_id == (uint32_t)VMSTATE_INSTANCE_ID_ANY
                                  ? next_compat_instance_id(vmsd->name) : instance_id;
    } else {
        g_strlcpy(se->idstr, vmsd->name, sizeof(se->idstr));
    }
    if (instance_id == (uint32_t)VMSTATE_INSTANCE_ID_ANY) {
        se->instance_id = next_instance_id(se->idstr);
        /* With a device path the path alone must identify the device. */
        if (path && se->instance_id != 0) {
            clash = find_by_id(se->idstr, 0);
        }
    } else {
        se->instance_id = instance_id;
        clash = find_by_id(se->idstr, instance_id);
    }
    se->section_id = savevm_state.next_section_id++;
    if (clash && !report_clash(se, clash, errp)) {
        g_rec_mutex_unlock(&savevm_lock);
        g_free(se->compat);
        g_free(se);
        return -1;
    }
    if (!clash && vmsd->unmigratable) {
        error_setg(&se->blocker, "State blocked by non-migratable device '%s'", vmsd->name);
        if (!migrate_add_blocker(se->blocker, errp)) {
            error_free(se->blocker);
            g_rec_mutex_unlock(&savevm_lock);
            g_free(se->compat);
            g_free(se);
            return -1;
        }
    }
    registry_insert(se);
    g_rec_mutex_unlock(&savevm_lock);
    return 0;
}

static void se_free(SaveStateEntry *se)
{
    if (se->blocker) {
        migrate_del_blocker(se->blocker);
        error_free(se->blocker);
    }
    g_free(se->compat);
    g_free(se);
}

void vmstate_unregister(Object *obj, const VMStateDescription *vmsd, void *opaque)
{
    g_rec_mutex_lock(&savevm_lock);
    for (GList *l = savevm_state.entries, *next; l; l = next) {
        SaveStateEntry *se = l->data;
        next = l->next;
        if (se->vmsd == vmsd && se->opaque == opaque) {
            savevm_state.entries = g_list_delete_link(savevm_state.entries, l);
            se_free(se);
        }
    }
    g_rec_mutex_unlock(&savevm_lock);
}

int register_savevm_live(const char *idstr, uint32_t instance_id, int version_id,
                         const SaveVMHandlers *ops, void *opaque, Error **errp)
{
    SaveStateEntry *se;

    if (!idstr || !idstr[0] || strlen(idstr) > 255 || !ops ||
        (!ops->save_state && !ops->save_setup) || !ops->load_state) {
        error_setg(errp, "register_savevm_live: section '%s' needs a name of 1..255 bytes "
                   "and save and load handlers", idstr ? idstr : "(null)");
        return -1;
    }
    se = g_new0(SaveStateEntry, 1);
    g_strlcpy(se->idstr, idstr, sizeof(se->idstr));
    se->ops = ops;
    se->opaque = opaque;
    se->version_id = version_id;
    se->alias_id = -1;
    g_rec_mutex_lock(&savevm_lock);
    se->instance_id = instance_id == (uint32_t)VMSTATE_INSTANCE_ID_ANY
                      ? next_instance_id(idstr) : instance_id;
    se->section_id = savevm_state.next_section_id++;
    if (instance_id != (uint32_t)VMSTATE_INSTANCE_ID_ANY) {
        SaveStateEntry *clash = find_by_id(idstr, instance_id);
        if (clash && !report_clash(se, clash, errp)) {
            g_rec_mutex_unlock(&savevm_lock);
            g_free(se);
            return -1;
        }
    }
    registry_insert(se);
    g_rec_mutex_unlock(&savevm_lock);
    return 0;
}

void unregister_savevm(const char *idstr, void *opaque)
{
    g_rec_mutex_lock(&savevm_lock);
    for (GList *l = savevm_state.entries, *next; l; l = next) {
        SaveStateEntry *se = l->data;
        next = l->next;
        if (se->ops && !strcmp(se->idstr, idstr) && se->opaque == opaque) {
            savevm_state.entries = g_list_delete_link(savevm_state.entries, l);
            se_free(se);
        }
    }
    g_rec_mutex_unlock(&savevm_lock);
}

void vmstate_send_legacy_instance_ids(const char *vmsd_name)
{
    g_rec_mutex_lock(&savevm_lock);
    if (!vmsd_name) {
        savevm_state.legacy_ids_all = true;
    } else {
        if (!savevm_state.legacy_id_names) {
            savevm_state.legacy_id_names = g_hash_table_new_full(g_str_hash, g_str_equal,
                                                                 g_free, NULL);
        }
        g_hash_table_add(savevm_state.legacy_id_names, g_strdup(vmsd_name));
    }
    g_rec_mutex_unlock(&savevm_lock);
}

void vmstate_send_legacy_instance_ids_reset(void)
{
    g_rec_mutex_lock(&savevm_lock);
    savevm_state.legacy_ids_all = false;
    if (savevm_state.legacy_id_names) {
        g_hash_table_remove_all(savevm_state.legacy_id_names);
    }
    g_rec_mutex_unlock(&savevm_lock);
}

/* The instance id this entry puts in the stream. */
static uint32_t se_stream_instance_id(SaveStateEntry *se)
{
    if (se->alias_id != -1 && se->vmsd &&
        (savevm_state.legacy_ids_all ||
         (savevm_state.legacy_id_names &&
          g_hash_table_contains(savevm_state.legacy_id_names, se->vmsd->name)))) {
        return (uint32_t)se->alias_id;
    }
    return se->instance_id;
}

/* ---- qdev integration: realize registers dc->vmsd ---- */

static bool qdev_register_vmsd(DeviceState *dev, Error **errp)
{
    return vmstate_register_with_alias_id(OBJECT(dev), VMSTATE_INSTANCE_ID_ANY,
                                          qdev_get_vmsd(dev), dev, dev->instance_id_alias,
                                          dev->alias_required_for_version, errp) == 0;
}

static void qdev_unregister_vmsd(DeviceState *dev)
{
    vmstate_unregister(OBJECT(dev), qdev_get_vmsd(dev), dev);
}

/* ---- the configuration section ---- */

#define STREAM_TARGET_PAGE_BITS MIGRATION_PAGE_BITS

typedef struct SaveConfiguration {
    uint32_t len;
    uint8_t *name;
    uint32_t target_page_bits;
} SaveConfiguration;

static SaveConfiguration config_state;

static const char *local_machine_name(void)
{
    if (current_machine) {
        return MACHINE_GET_CLASS(current_machine)->name;
    }
    return "none";
}

static int configuration_pre_save(void *opaque)
{
    SaveConfiguration *s = opaque;
    const char *name = local_machine_name();
    g_free(s->name);
    s->len = strlen(name);
    s->name = (uint8_t *)g_strdup(name);
    s->target_page_bits = STREAM_TARGET_PAGE_BITS;
    return 0;
}

static int configuration_pre_load(void *opaque)
{
    SaveConfiguration *s = opaque;
    /* A source that omits the subsection uses the smallest page size. */
    s->target_page_bits = STREAM_TARGET_PAGE_BITS;
    return 0;
}

static Error *config_error;

static int configuration_post_load(void *opaque, int version_id)
{
    SaveConfiguration *s = opaque;
    const char *local = local_machine_name();

    if (s->len != strlen(local) || memcmp(s->name, local, s->len) != 0) {
        error_setg(&config_error, "Machine type received is '%.*s' and local is '%s'",
                   (int)s->len, s->name ? (char *)s->name : "", local);
        return -EINVAL;
    }
    if (s->target_page_bits != STREAM_TARGET_PAGE_BITS) {
        error_setg(&config_error, "Received TARGET_PAGE_BITS is %u but local is %d",
                   s->target_page_bits, STREAM_TARGET_PAGE_BITS);
        return -EINVAL;
    }
    return 0;
}

/* The machine name is at most a few dozen bytes: refuse a huge length early. */
static bool configuration_len_valid(void *opaque, int version_id)
{
    return ((SaveConfiguration *)opaque)->len <= 255;
}

static const VMStateDescription vmstate_target_page_bits = {
    .name = "configuration/target-page-bits",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(target_page_bits, SaveConfiguration),
        VMSTATE_END_OF_LIST()
    },
};

static const VMStateDescription vmstate_configuration = {
    .name = "configuration",
    .version_id = 1,
    .minimum_version_id = 1,
    .pre_load = configuration_pre_load,
    .post_load = configuration_post_load,
    .pre_save = configuration_pre_save,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(len, SaveConfiguration),
        VMSTATE_VALIDATE("machine name length", configuration_len_valid),
        VMSTATE_VBUFFER_ALLOC_UINT32(name, SaveConfiguration, 0, NULL, len),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription *const[]) {
        &vmstate_target_page_bits,
        NULL
    },
};

/* ---- globalstate: the source's run state, so the destination resumes only if it ran ---- */

typedef struct GlobalState {
    uint32_t size;
    uint8_t runstate[100];
    bool received;
} GlobalState;

static GlobalState global_state;

static void global_state_set(const char *name)
{
    memset(global_state.runstate, 0, sizeof(global_state.runstate));
    g_strlcpy((char *)global_state.runstate, name, sizeof(global_state.runstate));
}

void global_state_store(void)
{
    global_state_set(runstate_name(runstate_get()));
}

void global_state_store_running(void)
{
    global_state_set(runstate_name(RUN_STATE_RUNNING));
}

bool global_state_received(void)
{
    return global_state.received;
}

const char *global_state_get_runstate(void)
{
    return (const char *)global_state.runstate;
}

static int global_state_pre_save(void *opaque)
{
    GlobalState *s = opaque;
    if (!s->runstate[0]) {
        global_state_store();
    }
    s->size = strnlen((char *)s->runstate, sizeof(s->runstate)) + 1;
    return 0;
}

static int global_state_pre_load(void *opaque)
{
    GlobalState *s = opaque;
    s->received = false;
    return 0;
}

static int global_state_post_load(void *opaque, int version_id)
{
    GlobalState *s = opaque;
    size_t len = strnlen((char *)s->runstate, sizeof(s->runstate));

    if (len == sizeof(s->runstate) || s->size > sizeof(s->runstate)) {
        return -EINVAL;
    }
    for (int i = 0; i < RUN_STATE__MAX; i++) {
        if (!strcmp((char *)s->runstate, runstate_name(i))) {
            s->received = true;
            return 0;
        }
    }
    return -EINVAL;
}

static const VMStateDescription vmstate_globalstate = {
    .name = "globalstate",
    .version_id = 1,
    .minimum_version_id = 1,
    .pre_load = global_state_pre_load,
    .post_load = global_state_post_load,
    .pre_save = global_state_pre_save,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(size, GlobalState),
        VMSTATE_BUFFER(runstate, GlobalState),
        VMSTATE_END_OF_LIST()
    },
};

static void __attribute__((constructor)) savevm_init(void)
{
    qdev_vmstate_hooks.register_dev = qdev_register_vmsd;
    qdev_vmstate_hooks.unregister_dev = qdev_unregister_vmsd;
    vmstate_register(NULL, 0, &vmstate_globalstate, &global_state);
    ram_mig_init();
}

/* ---- saving ---- */

static void save_section_header(QEMUFile *f, SaveStateEntry *se, uint8_t type)
{
    qemu_put_byte(f, type);
    qemu_put_be32(f, se->section_id);
    if (type == QEMU_VM_SECTION_FULL || type == QEMU_VM_SECTION_START) {
        qemu_put_counted_string(f, se->idstr);
        qemu_put_be32(f, se_stream_instance_id(se));
        qemu_put_be32(f, se->version_id);
    }
}

static void save_section_footer(QEMUFile *f, SaveStateEntry *se)
{
    qemu_put_byte(f, QEMU_VM_SECTION_FOOTER);
    qemu_put_be32(f, se->section_id);
}

void qemu_savevm_state_header(QEMUFile *f)
{
    qemu_put_be32(f, QEMU_VM_FILE_MAGIC);
    qemu_put_be32(f, QEMU_VM_FILE_VERSION);
    qemu_put_byte(f, QEMU_VM_CONFIGURATION);
    vmstate_save_state(f, &vmstate_configuration, &config_state, NULL, NULL);
}

static int section_failed(Error **errp, SaveStateEntry *se, int ret)
{
    error_prepend(errp, "saving section '%s' instance %u: ", se->idstr, se->instance_id);
    return ret;
}

int qemu_savevm_state_setup(QEMUFile *f, Error **errp)
{
    int ret = 0;

    g_rec_mutex_lock(&savevm_lock);
    for (GList *l = savevm_state.entries; l && !ret; l = l->next) {
        SaveStateEntry *se = l->data;
        se->active = false;
        if (!se_is_iterative(se) || (se->ops->is_active && !se->ops->is_active(se->opaque))) {
            continue;
        }
        se->active = true;
        save_section_header(f, se, QEMU_VM_SECTION_START);
        ret = se->ops->save_setup(f, se->opaque, errp);
        save_section_footer(f, se);
        if (ret < 0) {
            section_failed(errp, se, ret);
        }
    }
    g_rec_mutex_unlock(&savevm_lock);
    return ret < 0 ? ret : 0;
}

int qemu_savevm_state_iterate(QEMUFile *f, Error **errp)
{
    int all_done = 1;

    g_rec_mutex_lock(&savevm_lock);
    for (GList *l = savevm_state.entries; l; l = l->next) {
        SaveStateEntry *se = l->data;
        int ret;

        if (!se->active || !se->ops->save_live_iterate) {
            continue;
        }
        if (qemu_file_rate_limit(f)) {
            all_done = 0;
            break;
        }
        save_section_header(f, se, QEMU_VM_SECTION_PART);
        ret = se->ops->save_live_iterate(f, se->opaque, errp);
        save_section_footer(f, se);
        if (ret < 0) {
            g_rec_mutex_unlock(&savevm_lock);
            return section_failed(errp, se, ret);
        }
        if (ret == 0) {
            all_done = 0;
        }
    }
    g_rec_mutex_unlock(&savevm_lock);
    return all_done;
}

uint64_t qemu_savevm_state_pending(bool exact)
{
    uint64_t pending = 0;

    g_rec_mutex_lock(&savevm_lock);
    for (GList *l = savevm_state.entries; l; l = l->next) {
        SaveStateEntry *se = l->data;
        if (se->active && se->ops->save_pending) {
            pending += se->ops->save_pending(se->opaque, exact);
        }
    }
    g_rec_mutex_unlock(&savevm_lock);
    return pending;
}

static void vmdesc_device_start(JsonBuilder *vmdesc, SaveStateEntry *se)
{
    json_builder_begin_object(vmdesc);
    json_builder_set_member_name(vmdesc, "name");
    json_builder_add_string_value(vmdesc, se->idstr);
    json_builder_set_member_name(vmdesc, "instance_id");
    json_builder_add_int_value(vmdesc, se_stream_instance_id(se));
}

static int save_device_sections(QEMUFile *f, JsonBuilder *vmdesc, Error **errp)
{
    for (GList *l = savevm_state.entries; l; l = l->next) {
        SaveStateEntry *se = l->data;
        int ret;

        if (se_is_iterative(se)) {
            continue;
        }
        if (se->vmsd && (se->vmsd->unmigratable || !vmstate_save_needed(se->vmsd, se->opaque))) {
            continue;
        }
        vmdesc_device_start(vmdesc, se);
        save_section_header(f, se, QEMU_VM_SECTION_FULL);
        if (se->vmsd) {
            ret = vmstate_save_state(f, se->vmsd, se->opaque, vmdesc, errp);
        } else {
            ret = se->ops->save_state(f, se->opaque, errp);
        }
        json_builder_end_object(vmdesc);
        if (ret < 0) {
            return section_failed(errp, se, ret);
        }
        save_section_footer(f, se);
    }
    return 0;
}

int qemu_savevm_state_complete(QEMUFile *f, Error **errp)
{
    g_autoptr(JsonBuilder) vmdesc = json_builder_new();
    g_autoptr(JsonGenerator) gen = NULL;
    g_autoptr(JsonNode) root = NULL;
    g_autofree char *json = NULL;
    gsize json_len;
    int ret = 0;

    g_rec_mutex_lock(&savevm_lock);
    for (GList *l = savevm_state.entries; l && !ret; l = l->next) {
        SaveStateEntry *se = l->data;
        if (!se->active || !se->ops->save_live_complete) {
            continue;
        }
        save_section_header(f, se, QEMU_VM_SECTION_END);
        ret = se->ops->save_live_complete(f, se->opaque, errp);
        save_section_footer(f, se);
        if (ret < 0) {
            section_failed(errp, se, ret);
        }
    }
    json_builder_begin_object(vmdesc);
    json_builder_set_member_name(vmdesc, "page_size");
    json_builder_add_int_value(vmdesc, MIGRATION_PAGE_SIZE);
    json_builder_set_member_name(vmdesc, "devices");
    json_builder_begin_array(vmdesc);
    if (!ret) {
        ret = save_device_sections(f, vmdesc, errp);
    }
    json_builder_end_array(vmdesc);
    json_builder_end_object(vmdesc);
    g_rec_mutex_unlock(&savevm_lock);
    if (ret < 0) {
        return ret;
    }

    qemu_put_byte(f, QEMU_VM_EOF);
    root = json_builder_get_root(vmdesc);
    gen = json_generator_new();
    json_generator_set_root(gen, root);
    json = json_generator_to_data(gen, &json_len);
    qemu_put_byte(f, QEMU_VM_VMDESCRIPTION);
    qemu_put_be32(f, json_len);
    qemu_put_buffer(f, (const uint8_t *)json, json_len);
    qemu_fflush(f);

    ret = qemu_file_get_error(f);
    if (ret) {
        const Error *err = NULL;
        qemu_file_get_error_obj(f, &err);
        error_setg(errp, "%s", err ? error_get_pretty(err) : g_strerror(-ret));
    }
    return ret;
}

void qemu_savevm_state_cleanup(void)
{
    g_rec_mutex_lock(&savevm_lock);
    for (GList *l = savevm_state.entries; l; l = l->next) {
        SaveStateEntry *se = l->data;
        if (se->active && se->ops->save_cleanup) {
            se->ops->save_cleanup(se->opaque);
        }
        se->active = false;
    }
    g_rec_mutex_unlock(&savevm_lock);
}

int qemu_savevm_state(QEMUFile *f, Error **errp)
{
    int ret;

    if (migration_is_blocked(errp)) {
        return -EINVAL;
    }
    global_state_store();
    qemu_savevm_state_header(f);
    ret = qemu_savevm_state_setup(f, errp);
    while (!ret) {
        ret = qemu_savevm_state_iterate(f, errp);
        ret = ret > 0 ? 1 : ret;
        if (ret == 0 && qemu_file_get_error(f)) {
            break;
        }
    }
    if (ret >= 0) {
        ret = qemu_savevm_state_complete(f, errp);
    }
    qemu_savevm_state_cleanup();
    if (ret >= 0 && (ret = qemu_file_get_error(f))) {
        const Error *err = NULL;
        qemu_file_get_error_obj(f, &err);
        error_setg(errp, "%s", err ? error_get_pretty(err) : g_strerror(-ret));
    }
    global_state_set("");
    return ret < 0 ? ret : 0;
}

/* ---- loading ---- */

typedef struct LoadSection {
    uint32_t section_id;
    SaveStateEntry *se;
    int version_id;
} LoadSection;

/* (idstr, instance_id), then the alias id, then the legacy name. */
static SaveStateEntry *find_se(const char *idstr, uint32_t instance_id)
{
    GList *l;
    for (l = savevm_state.entries; l; l = l->next) {
        SaveStateEntry *se = l->data;
        if (!strcmp(se->idstr, idstr) && se->instance_id == instance_id) {
            return se;
        }
    }
    for (l = savevm_state.entries; l; l = l->next) {
        SaveStateEntry *se = l->data;
        if (!strcmp(se->idstr, idstr) && se->alias_id != -1 &&
            (uint32_t)se->alias_id == instance_id) {
            return se;
        }
    }
    for (l = savevm_state.entries; l; l = l->next) {
        SaveStateEntry *se = l->data;
        if (se->compat && !strcmp(se->compat->idstr, idstr) &&
            (se->compat->instance_id == instance_id ||
             (se->alias_id != -1 && (uint32_t)se->alias_id == instance_id))) {
            return se;
        }
    }
    return NULL;
}

static int stream_error(QEMUFile *f, Error **errp, const char *where)
{
    const Error *err = NULL;
    int ret = qemu_file_get_error_obj(f, &err);
    if (ret) {
        if (qemu_file_hit_eof(f)) {
            error_setg(errp, "migration stream is truncated (it ended %s)", where);
        } else {
            error_setg(errp, "%s (%s)", err ? error_get_pretty(err) : g_strerror(-ret), where);
        }
    }
    return ret;
}

static int check_footer(QEMUFile *f, SaveStateEntry *se, uint32_t section_id, Error **errp)
{
    uint8_t b = qemu_get_byte(f);
    uint32_t id;
    g_autofree char *where = g_strdup_printf("in the footer of section '%s'", se->idstr);

    if (stream_error(f, errp, where)) {
        return -EIO;
    }
    if (b != QEMU_VM_SECTION_FOOTER) {
        error_setg(errp, "Missing section footer for %s", se->idstr);
        return -EINVAL;
    }
    id = qemu_get_be32(f);
    if (stream_error(f, errp, where)) {
        return -EIO;
    }
    if (id != section_id) {
        error_setg(errp, "Mismatched section id in footer for %s -- read 0x%x expected 0x%x",
                   se->idstr, id, section_id);
        return -EINVAL;
    }
    return 0;
}

static int load_section_body(QEMUFile *f, SaveStateEntry *se, int version_id,
                             bool take_lock, Error **errp)
{
    int ret;

    if (se_is_iterative(se)) {
        /* RAM: pages, no device state; the guest is not running. */
        ret = se->ops->load_state(f, se->opaque, version_id, errp);
    } else {
        if (take_lock) {
            migration_device_lock();
        }
        if (se->vmsd) {
            ret = vmstate_load_state(f, se->vmsd, se->opaque, version_id, errp);
        } else {
            ret = se->ops->load_state(f, se->opaque, version_id, errp);
        }
        if (take_lock) {
            migration_device_unlock();
        }
    }
    if (ret < 0) {
        if (qemu_file_hit_eof(f)) {
            Error *local = NULL;
            error_setg(&local, "migration stream is truncated (it ended inside section '%s')",
                       se->idstr);
            if (errp && *errp) {
                error_free(*errp);
                *errp = NULL;
            }
            error_propagate(errp, local);
        } else {
            error_prepend(errp, "error while loading state for instance 0x%x of device '%s': ",
                          se->instance_id, se->idstr);
        }
    }
    return ret;
}

static int load_header(QEMUFile *f, Error **errp)
{
    uint32_t v = qemu_get_be32(f);
    int ret;

    if (stream_error(f, errp, "in the header")) {
        return -EIO;
    }
    if (v != QEMU_VM_FILE_MAGIC) {
        error_setg(errp, "Not a migration stream");
        return -EINVAL;
    }
    v = qemu_get_be32(f);
    if (stream_error(f, errp, "in the header")) {
        return -EIO;
    }
    if (v == QEMU_VM_FILE_VERSION_COMPAT) {
        error_setg(errp, "SaveVM v2 format is obsolete and don't work anymore");
        return -ENOTSUP;
    }
    if (v != QEMU_VM_FILE_VERSION) {
        error_setg(errp, "Unsupported migration stream version");
        return -ENOTSUP;
    }
    if (qemu_get_byte(f) != QEMU_VM_CONFIGURATION) {
        if (!stream_error(f, errp, "in the header")) {
            error_setg(errp, "Configuration section missing");
        }
        return -EINVAL;
    }
    ret = vmstate_load_state(f, &vmstate_configuration, &config_state, 1, errp);
    if (ret && config_error) {
        if (errp && *errp) {
            error_free(*errp);
            *errp = NULL;
        }
        error_propagate(errp, config_error);
        config_error = NULL;
    } else if (ret && qemu_file_hit_eof(f)) {
        if (errp && *errp) {
            error_free(*errp);
            *errp = NULL;
        }
        error_setg(errp, "migration stream is truncated (it ended in the configuration "
                   "section)");
    }
    error_free(config_error);
    config_error = NULL;
    return ret;
}

static void skip_vmdesc(QEMUFile *f)
{
    /* Read the trailing description too, so a pipe's writer is not cut off. */
    if (qemu_peek_byte(f, 0) == QEMU_VM_VMDESCRIPTION) {
        uint8_t buf[4096];
        uint32_t size;
        qemu_get_byte(f);
        size = qemu_get_be32(f);
        while (size && !qemu_file_get_error(f)) {
            uint32_t n = MIN(size, sizeof(buf));
            qemu_get_buffer(f, buf, n);
            size -= n;
        }
    }
}

static void load_cleanup(void)
{
    for (GList *l = savevm_state.entries; l; l = l->next) {
        SaveStateEntry *se = l->data;
        if (se->ops && se->ops->load_cleanup) {
            se->ops->load_cleanup(se->opaque);
        }
    }
}

static int load_sections(QEMUFile *f, GArray *sections, bool take_lock, Error **errp)
{
    for (;;) {
        uint8_t type = qemu_get_byte(f);
        uint32_t section_id, instance_id, version_id;
        char idstr[256];
        SaveStateEntry *se = NULL;
        LoadSection ls;
        int ret;

        if (stream_error(f, errp, "between sections")) {
            return -EIO;
        }
        switch (type) {
        case QEMU_VM_EOF:
            return 0;
        case QEMU_VM_SECTION_START:
        case QEMU_VM_SECTION_FULL:
            section_id = qemu_get_be32(f);
            qemu_get_counted_string(f, idstr);
            instance_id = qemu_get_be32(f);
            version_id = qemu_get_be32(f);
            if (stream_error(f, errp, "in a section header")) {
                return -EIO;
            }
            se = find_se(idstr, instance_id);
            if (!se) {
                error_setg(errp, "Unknown savevm section or instance '%s' %" PRIu32 ". "
                           "Make sure that your current VM setup matches your saved VM "
                           "setup, including any hotplugged devices", idstr, instance_id);
                return -EINVAL;
            }
            if (version_id > (uint32_t)se->version_id) {
                error_setg(errp, "savevm: unsupported version %" PRIu32 " for '%s' v%d",
                           version_id, idstr, se->version_id);
                return -EINVAL;
            }
            ls.section_id = section_id;
            ls.se = se;
            ls.version_id = version_id;
            g_array_append_val(sections, ls);
            break;
        case QEMU_VM_SECTION_PART:
        case QEMU_VM_SECTION_END:
            section_id = qemu_get_be32(f);
            if (stream_error(f, errp, "in a section header")) {
                return -EIO;
            }
            for (guint i = 0; i < sections->len; i++) {
                LoadSection *p = &g_array_index(sections, LoadSection, i);
                if (p->section_id == section_id) {
                    ls = *p;
                    se = p->se;
                    break;
                }
            }
            if (!se) {
                error_setg(errp, "Unknown savevm section %" PRIu32, section_id);
                return -EINVAL;
            }
            break;
        default:
            error_setg(errp, "Unknown savevm section type %d", type);
            return -EINVAL;
        }
        ret = load_section_body(f, se, ls.version_id, take_lock, errp);
        if (ret < 0) {
            return ret;
        }
        ret = check_footer(f, se, ls.section_id, errp);
        if (ret < 0) {
            return ret;
        }
    }
}

int qemu_loadvm_state_locked(QEMUFile *f, bool take_lock, Error **errp)
{
    g_autoptr(GArray) sections = g_array_new(FALSE, FALSE, sizeof(LoadSection));
    int ret;

    ret = load_header(f, errp);
    if (ret) {
        return ret;
    }
    g_rec_mutex_lock(&savevm_lock);
    global_state.received = false;
    for (GList *l = savevm_state.entries; l; l = l->next) {
        SaveStateEntry *se = l->data;
        if (se->ops && se->ops->load_setup && (ret = se->ops->load_setup(se->opaque, errp))) {
            error_prepend(errp, "load setup of '%s': ", se->idstr);
            load_cleanup();
            g_rec_mutex_unlock(&savevm_lock);
            return ret;
        }
    }
    ret = load_sections(f, sections, take_lock, errp);
    if (!ret) {
        skip_vmdesc(f);
    }
    load_cleanup();
    g_rec_mutex_unlock(&savevm_lock);
    return ret;
}

int qemu_loadvm_state(QEMUFile *f, Error **errp)
{
    return qemu_loadvm_state_locked(f, false, errp);
}

/* ---- -dump-vmstate ---- */

static void dump_vmsd(JsonBuilder *b, const VMStateDescription *vmsd);

static void dump_field(JsonBuilder *b, const VMStateField *field)
{
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "field");
    json_builder_add_string_value(b, field->name);
    json_builder_set_member_name(b, "version_id");
    json_builder_add_int_value(b, field->version_id);
    json_builder_set_member_name(b, "field_exists");
    json_builder_add_boolean_value(b, field->field_exists != NULL);
    json_builder_set_member_name(b, "size");
    json_builder_add_int_value(b, field->size);
    json_builder_set_member_name(b, "type");
    json_builder_add_string_value(b, (field->flags & VMS_STRUCT) ? "struct"
                                     : field->info ? field->info->name : "check");
    json_builder_set_member_name(b, "num");
    json_builder_add_int_value(b, (field->flags & VMS_ARRAY) ? field->num
                                  : (field->flags & VMS_VARRAY_ANY) ? -1 : 1);
    if (field->vmsd) {
        json_builder_set_member_name(b, "Description");
        dump_vmsd(b, field->vmsd);
    }
    json_builder_end_object(b);
}

static void dump_vmsd(JsonBuilder *b, const VMStateDescription *vmsd)
{
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "name");
    json_builder_add_string_value(b, vmsd->name);
    json_builder_set_member_name(b, "version_id");
    json_builder_add_int_value(b, vmsd->version_id);
    json_builder_set_member_name(b, "minimum_version_id");
    json_builder_add_int_value(b, vmsd->minimum_version_id);
    json_builder_set_member_name(b, "Fields");
    json_builder_begin_array(b);
    for (const VMStateField *field = vmsd->fields; field && !(field->flags & VMS_END); field++) {
        dump_field(b, field);
    }
    json_builder_end_array(b);
    json_builder_set_member_name(b, "Subsections");
    json_builder_begin_array(b);
    for (int i = 0; vmsd->subsections && vmsd->subsections[i]; i++) {
        dump_vmsd(b, vmsd->subsections[i]);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
}

bool dump_vmstate_json(const char *path, Error **errp)
{
    g_autoptr(JsonBuilder) b = json_builder_new();
    g_autoptr(JsonGenerator) gen = json_generator_new();
    g_autoptr(JsonNode) root = NULL;
    g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);

    json_builder_begin_object(b);
    json_builder_set_member_name(b, "vmschkmachine");
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "Name");
    json_builder_add_string_value(b, local_machine_name());
    json_builder_end_object(b);
    g_rec_mutex_lock(&savevm_lock);
    for (GList *l = savevm_state.entries; l; l = l->next) {
        SaveStateEntry *se = l->data;
        if (!se->vmsd || g_hash_table_contains(seen, se->idstr)) {
            continue;
        }
        g_hash_table_add(seen, se->idstr);
        json_builder_set_member_name(b, se->idstr);
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "Name");
        json_builder_add_string_value(b, se->vmsd->name);
        json_builder_set_member_name(b, "version_id");
        json_builder_add_int_value(b, se->vmsd->version_id);
        json_builder_set_member_name(b, "minimum_version_id");
        json_builder_add_int_value(b, se->vmsd->minimum_version_id);
        json_builder_set_member_name(b, "instance_ids");
        json_builder_begin_array(b);
        for (GList *m = savevm_state.entries; m; m = m->next) {
            SaveStateEntry *o = m->data;
            if (!strcmp(o->idstr, se->idstr)) {
                json_builder_add_int_value(b, o->instance_id);
            }
        }
        json_builder_end_array(b);
        json_builder_set_member_name(b, "Description");
        dump_vmsd(b, se->vmsd);
        json_builder_end_object(b);
    }
    g_rec_mutex_unlock(&savevm_lock);
    json_builder_end_object(b);

    root = json_builder_get_root(b);
    json_generator_set_root(gen, root);
    json_generator_set_pretty(gen, TRUE);
    json_generator_set_indent(gen, 4);
    /*
     * Written in place, not through a temporary file renamed over it
     * (json_generator_to_file): the path may be /dev/stdout or /dev/null,
     * which a rename would replace with a regular file.
     */
    {
        gsize len;
        g_autofree gchar *text = json_generator_to_data(gen, &len);
        FILE *f = fopen(path, "w");
        bool ok;

        if (!f) {
            error_setg_errno(errp, errno, "Could not open '%s'", path);
            return false;
        }
        ok = fwrite(text, 1, len, f) == len && fputc('\n', f) != EOF;
        ok &= fclose(f) == 0;
        if (!ok) {
            error_setg_errno(errp, errno, "Could not write '%s'", path);
            return false;
        }
    }
    return true;
}
