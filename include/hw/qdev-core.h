/*
 * Devices and buses: the qdev layer on top of the object model.  A device has
 * static properties, realize/unrealize, reset and an optional migration
 * description; it plugs into a bus of a declared type; buses give devices
 * their migration "device path".
 */
#ifndef HW_QDEV_CORE_H
#define HW_QDEV_CORE_H

#include "qom/object.h"

typedef struct VMStateDescription VMStateDescription;
typedef struct Property Property;
typedef struct BusState BusState;
typedef struct DeviceState DeviceState;
typedef struct IRQState *qemu_irq;

#define TYPE_DEVICE "device"
#define TYPE_BUS "bus"
OBJECT_DECLARE_TYPE(DeviceState, DeviceClass, DEVICE)
OBJECT_DECLARE_TYPE(BusState, BusClass, BUS)

typedef enum DeviceCategory {
    DEVICE_CATEGORY_BRIDGE,
    DEVICE_CATEGORY_USB,
    DEVICE_CATEGORY_STORAGE,
    DEVICE_CATEGORY_NETWORK,
    DEVICE_CATEGORY_INPUT,
    DEVICE_CATEGORY_DISPLAY,
    DEVICE_CATEGORY_SOUND,
    DEVICE_CATEGORY_MISC,
    DEVICE_CATEGORY_CPU,
    DEVICE_CATEGORY_WATCHDOG,
    DEVICE_CATEGORY_MAX
} DeviceCategory;

typedef void DeviceRealize(DeviceState *dev, Error **errp);
typedef void DeviceUnrealize(DeviceState *dev);
typedef void DeviceReset(DeviceState *dev);

struct DeviceClass {
    ObjectClass parent_class;

    unsigned long categories;      /* bit mask of 1 << DeviceCategory */
    const char *fw_name;
    const char *desc;
    Property *props_;              /* NULL-name-terminated static property table */
    bool user_creatable;           /* may be created with -device / device_add */
    bool hotpluggable;

    DeviceReset *reset;
    DeviceRealize *realize;
    DeviceUnrealize *unrealize;

    const VMStateDescription *vmsd;
    const char *bus_type;          /* NULL: the device plugs into no bus */
};

typedef struct NamedGPIOList NamedGPIOList;

struct DeviceState {
    Object parent_obj;

    char *id;
    bool realized;
    bool pending_deleting_event;
    bool hotplugged;
    BusState *parent_bus;
    GSList *child_bus;             /* of BusState *, in creation order */
    int num_child_bus;
    NamedGPIOList *gpios;
    /* Migration: an alias instance id kept for streams from older versions. */
    int instance_id_alias;
    int alias_required_for_version;
    /* A -global or compat prop that failed to apply; realize reports it. */
    Error *global_prop_err;
};

typedef struct BusChild {
    DeviceState *child;
    int index;
} BusChild;

struct BusClass {
    ObjectClass parent_class;

    /* Extra per-device lines for "info qtree" (indented by the caller). */
    void (*print_dev)(GString *out, DeviceState *dev, int indent);
    /*
     * The device's path in the migration sense (e.g. "0000:00:02.0",
     * "virtio-mmio@000000000a003e00/0:0:0"); NULL if the bus gives no
     * address.  Caller frees.
     */
    char *(*get_dev_path)(DeviceState *dev);
    char *(*get_fw_dev_path)(DeviceState *dev);
    /* Veto or assign a device's address when it is plugged. */
    bool (*check_address)(BusState *bus, DeviceState *dev, Error **errp);
    void (*realize)(BusState *bus, Error **errp);
    void (*unrealize)(BusState *bus);
    void (*reset)(BusState *bus);

    int max_dev;                   /* 0 = unlimited */
    int automatic_ids;             /* counter for "<type>.<n>" names */
};

struct BusState {
    Object obj;
    DeviceState *parent;
    char *name;
    Object *hotplug_handler;
    int max_index;
    bool realized;
    int num_children;
    GList *children;               /* of BusChild *, in plug order */
};

/* ---- devices ---- */

/* Create a device of a type (aborts on an unknown type: board code only). */
DeviceState *qdev_new(const char *name);
/* Create a device; NULL with errp on an unknown, abstract or non-device type. */
DeviceState *qdev_try_new(const char *name, Error **errp);
/* Plug into bus (may be NULL for bus-less devices) and realize. On failure the
 * device stays unrealized and unplugged. */
bool qdev_realize(DeviceState *dev, BusState *bus, Error **errp);
/* Same, then drop the caller's reference (the composition tree keeps one). */
bool qdev_realize_and_unref(DeviceState *dev, BusState *bus, Error **errp);
void qdev_unrealize(DeviceState *dev);
/* Unplug and destroy a device (device_del's final step). */
void qdev_destroy(DeviceState *dev);

/* Reset a device and everything below it; reset a bus's devices. */
void device_cold_reset(DeviceState *dev);
void bus_cold_reset(BusState *bus);
/* Reset everything on the main system bus (system_reset). */
void qemu_devices_reset(void);

/* Give the device an id and place it in /machine/peripheral (or -anon). */
bool qdev_set_id(DeviceState *dev, const char *id, Error **errp);
DeviceState *qdev_find_by_id(const char *id);
/* Find a device by id or QOM path, as device_del does. */
DeviceState *qdev_find_recursive_path(const char *id_or_path);

/* The migration device path: parent bus's get_dev_path, NULL when none. */
char *qdev_get_dev_path(DeviceState *dev);
/* "type.prop" style name for messages: id if set, else QOM path. */
const char *qdev_fw_name(DeviceState *dev);
/* Keep an old instance id as alias for migration from older versions. */
void qdev_set_legacy_instance_id(DeviceState *dev, int alias_id,
                                 int required_for_version);

const VMStateDescription *qdev_get_vmsd(DeviceState *dev);
BusState *qdev_get_parent_bus(DeviceState *dev);
BusState *qdev_get_child_bus(DeviceState *dev, const char *name);

void device_class_set_props(DeviceClass *dc, Property *props);

static inline void device_class_set_category(DeviceClass *dc, DeviceCategory cat)
{
    dc->categories |= 1ul << cat;
}

/*
 * Hooks the migration code installs so that realize/unrealize register and
 * unregister a device's vmsd without hw/core depending on migration internals.
 */
typedef struct QdevVMStateHooks {
    bool (*register_dev)(DeviceState *dev, Error **errp);
    void (*unregister_dev)(DeviceState *dev);
} QdevVMStateHooks;
extern QdevVMStateHooks qdev_vmstate_hooks;

/* ---- buses ---- */

/* Initialise an embedded bus owned by parent (name NULL: automatic name). */
void qbus_init(void *bus, size_t size, const char *typename, DeviceState *parent,
               const char *name);
BusState *qbus_new(const char *typename, DeviceState *parent, const char *name);
bool qbus_realize(BusState *bus, Error **errp);
void qbus_unrealize(BusState *bus);
/* Find a bus by name anywhere under the main system bus, or by "/id/busname". */
BusState *qbus_find(const char *path, Error **errp);
/* The first bus of type typename with room for one more device, or NULL. */
BusState *qbus_find_free(const char *typename);
bool qbus_is_full(BusState *bus);
int qbus_walk_children(BusState *bus, int (*dev_fn)(DeviceState *, void *),
                       int (*bus_fn)(BusState *, void *), void *opaque);
int qdev_walk_children(DeviceState *dev, int (*dev_fn)(DeviceState *, void *),
                       int (*bus_fn)(BusState *, void *), void *opaque);

/* The root of the device tree: "main-system-bus". */
BusState *sysbus_get_default(void);

/* Parent for board-created devices: /machine/unattached. */
Object *qdev_get_machine(void);
Object *machine_get_container(const char *name);

/* ---- global properties (-global and machine compat props) ---- */

typedef struct GlobalProperty {
    const char *driver;
    const char *property;
    const char *value;
    bool used;
    bool optional;
} GlobalProperty;

/*
 * Compat props (from the machine type) apply first, then user -global ones,
 * so the user wins.  Both apply to a device of that type or any subtype at
 * creation, before any property given with -device.
 */
void qdev_prop_register_global(GlobalProperty *prop);
void qdev_set_compat_props(GPtrArray *compat_props);
/* Parse "-global driver.prop=value" (or "driver=,property=,value=" form). */
bool qdev_global_parse(const char *str, Error **errp);
/* Warn about -global entries that matched no device class. */
void qdev_prop_check_globals(void);
/* Apply matching entries of props (GlobalProperty *) to obj. */
bool object_apply_global_props(Object *obj, const GPtrArray *props, Error **errp);
/* Forget all globals and compat props (tests). */
void qdev_globals_reset(void);

/* -device / device_add: create, configure and realize from options. */
typedef struct QemuOpts QemuOpts;
DeviceState *qdev_device_add(QemuOpts *opts, bool from_json, Error **errp);
/* -device help, -device DRIVER,help into out. */
void qdev_device_help_list(GString *out);
bool qdev_device_help(const char *driver, GString *out, Error **errp);

/* "info qtree" text for the whole machine. */
void qdev_print_tree(GString *out);

#endif
