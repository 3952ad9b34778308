/*
 * The device base type: creation, ids and placement in the composition tree,
 * plugging into a bus, realize/unrealize, reset and the migration device path.
 * Command-line creation (-device) lives in qdev-monitor.c.
 */
#include "qemu/osdep.h"
#include "hw/qdev-core.h"
#include "hw/qdev-properties.h"
#include "hw/irq.h"

/* Installed by migration/ so realize registers the device's vmsd. */
QdevVMStateHooks qdev_vmstate_hooks;

void qdev_prop_set_globals(DeviceState *dev);
void qdev_prop_release_all(DeviceState *dev);
void qdev_free_gpios(DeviceState *dev);
void bus_add_child(BusState *bus, DeviceState *child);
void bus_remove_child(BusState *bus, DeviceState *child);

Object *machine_get_container(const char *name)
{
    return container_get(qdev_get_machine(), name);
}

Object *qdev_get_machine(void)
{
    /* The machine object once created; before that a plain container. */
    return container_get(object_get_root(), "/machine");
}

DeviceState *qdev_try_new(const char *name, Error **errp)
{
    ObjectClass *oc = object_class_by_name(name);

    if (!oc || !object_class_dynamic_cast(oc, TYPE_DEVICE)) {
        error_setg(errp, "'%s' is not a valid device model name", name);
        return NULL;
    }
    if (object_class_is_abstract(oc)) {
        error_setg(errp, "Parameter 'driver' expects a non-abstract device type");
        return NULL;
    }
    return DEVICE(object_new_with_class(oc));
}

DeviceState *qdev_new(const char *name)
{
    ObjectClass *oc = object_class_by_name(name);
    if (!oc) {
        g_error("unknown device type '%s'", name);
    }
    return DEVICE(object_new(name));
}

static bool id_wellformed(const char *id)
{
    if (!g_ascii_isalpha(id[0])) {
        return false;
    }
    for (const char *p = id + 1; *p; p++) {
        if (!g_ascii_isalnum(*p) && !strchr("-._", *p)) {
            return false;
        }
    }
    return true;
}

bool qdev_set_id(DeviceState *dev, const char *id, Error **errp)
{
    Object *container;

    if (id) {
        if (!id_wellformed(id)) {
            error_setg(errp, "Parameter 'id' expects an identifier");
            return false;
        }
        container = machine_get_container("peripheral");
        if (object_property_find(container, id)) {
            error_setg(errp, "Duplicate device ID '%s'", id);
            return false;
        }
        object_property_add_child(container, id, OBJECT(dev));
        dev->id = g_strdup(id);
    } else {
        object_property_add_child(machine_get_container("peripheral-anon"), "device[*]",
                                  OBJECT(dev));
    }
    return true;
}

DeviceState *qdev_find_by_id(const char *id)
{
    Object *obj = object_resolve_path_component(machine_get_container("peripheral"), id);
    return obj ? (DeviceState *)object_dynamic_cast(obj, TYPE_DEVICE) : NULL;
}

DeviceState *qdev_find_recursive_path(const char *id_or_path)
{
    DeviceState *dev = qdev_find_by_id(id_or_path);
    if (!dev && id_or_path[0] == '/') {
        Object *obj = object_resolve_path_type(id_or_path, TYPE_DEVICE, NULL);
        dev = obj ? DEVICE(obj) : NULL;
    }
    return dev;
}

char *qdev_get_dev_path(DeviceState *dev)
{
    BusClass *bc;

    if (!dev || !dev->parent_bus) {
        return NULL;
    }
    bc = BUS_GET_CLASS(dev->parent_bus);
    return bc->get_dev_path ? bc->get_dev_path(dev) : NULL;
}

void qdev_set_legacy_instance_id(DeviceState *dev, int alias_id, int required_for_version)
{
    dev->instance_id_alias = alias_id;
    dev->alias_required_for_version = required_for_version;
}

const VMStateDescription *qdev_get_vmsd(DeviceState *dev)
{
    return DEVICE_GET_CLASS(dev)->vmsd;
}

BusState *qdev_get_parent_bus(DeviceState *dev)
{
    return dev->parent_bus;
}

BusState *qdev_get_child_bus(DeviceState *dev, const char *name)
{
    for (GSList *e = dev->child_bus; e; e = e->next) {
        BusState *bus = e->data;
        if (!strcmp(bus->name, name)) {
            return bus;
        }
    }
    return NULL;
}

const char *qdev_fw_name(DeviceState *dev)
{
    DeviceClass *dc = DEVICE_GET_CLASS(dev);
    return dc->fw_name ? dc->fw_name : object_get_typename(OBJECT(dev));
}

static bool qdev_plug(DeviceState *dev, BusState *bus, Error **errp)
{
    DeviceClass *dc = DEVICE_GET_CLASS(dev);
    BusClass *bc;

    if (!dc->bus_type) {
        error_setg(errp, "Device '%s' can't go on %s bus", object_get_typename(OBJECT(dev)),
                   object_get_typename(OBJECT(bus)));
        return false;
    }
    if (!object_dynamic_cast(OBJECT(bus), dc->bus_type)) {
        error_setg(errp, "Device '%s' can't go on %s bus", object_get_typename(OBJECT(dev)),
                   object_get_typename(OBJECT(bus)));
        return false;
    }
    if (qbus_is_full(bus)) {
        error_setg(errp, "Bus '%s' is full", bus->name);
        return false;
    }
    bc = BUS_GET_CLASS(bus);
    if (bc->check_address && !bc->check_address(bus, dev, errp)) {
        return false;
    }
    bus_add_child(bus, dev);
    dev->parent_bus = bus;
    return true;
}

static bool device_realize_children(DeviceState *dev, Error **errp)
{
    for (GSList *e = dev->child_bus; e; e = e->next) {
        if (!qbus_realize(e->data, errp)) {
            return false;
        }
    }
    return true;
}

static bool device_set_realized(DeviceState *dev, bool value, Error **errp)
{
    DeviceClass *dc = DEVICE_GET_CLASS(dev);
    Error *err = NULL;

    if (value == dev->realized) {
        return true;
    }
    if (value) {
        if (dev->global_prop_err) {
            error_propagate(errp, dev->global_prop_err);
            dev->global_prop_err = NULL;
            return false;
        }
        if (!OBJECT(dev)->parent) {
            object_property_add_child(machine_get_container("unattached"), "device[*]",
                                      OBJECT(dev));
        }
        if (dc->realize) {
            dc->realize(dev, &err);
            if (err) {
                error_propagate(errp, err);
                return false;
            }
        }
        if (qdev_get_vmsd(dev) && qdev_vmstate_hooks.register_dev &&
            !qdev_vmstate_hooks.register_dev(dev, errp)) {
            goto fail_unrealize;
        }
        dev->realized = true;
        if (!device_realize_children(dev, errp)) {
            dev->realized = false;
            goto fail_unregister;
        }
        if (dev->hotplugged) {
            device_cold_reset(dev);
        }
        return true;
    }
    for (GSList *e = dev->child_bus; e; e = e->next) {
        qbus_unrealize(e->data);
    }
    if (qdev_get_vmsd(dev) && qdev_vmstate_hooks.unregister_dev) {
        qdev_vmstate_hooks.unregister_dev(dev);
    }
    if (dc->unrealize) {
        dc->unrealize(dev);
    }
    dev->realized = false;
    return true;

fail_unregister:
    for (GSList *e = dev->child_bus; e; e = e->next) {
        qbus_unrealize(e->data);
    }
    if (qdev_get_vmsd(dev) && qdev_vmstate_hooks.unregister_dev) {
        qdev_vmstate_hooks.unregister_dev(dev);
    }
fail_unrealize:
    if (dc->unrealize) {
        dc->unrealize(dev);
    }
    return false;
}

bool qdev_realize(DeviceState *dev, BusState *bus, Error **errp)
{
    if (bus) {
        if (!qdev_plug(dev, bus, errp)) {
            return false;
        }
    } else if (DEVICE_GET_CLASS(dev)->bus_type) {
        error_setg(errp, "Device '%s' needs a '%s' bus", object_get_typename(OBJECT(dev)),
                   DEVICE_GET_CLASS(dev)->bus_type);
        return false;
    }
    if (!device_set_realized(dev, true, errp)) {
        if (dev->parent_bus) {
            bus_remove_child(dev->parent_bus, dev);
            dev->parent_bus = NULL;
        }
        return false;
    }
    return true;
}

bool qdev_realize_and_unref(DeviceState *dev, BusState *bus, Error **errp)
{
    bool ok = qdev_realize(dev, bus, errp);
    object_unref(dev);
    return ok;
}

void qdev_unrealize(DeviceState *dev)
{
    device_set_realized(dev, false, NULL);
}

void qdev_destroy(DeviceState *dev)
{
    object_ref(dev);
    qdev_unrealize(dev);
    if (dev->parent_bus) {
        bus_remove_child(dev->parent_bus, dev);
        dev->parent_bus = NULL;
    }
    object_unparent(OBJECT(dev));
    object_unref(dev);
}

void device_cold_reset(DeviceState *dev)
{
    DeviceClass *dc = DEVICE_GET_CLASS(dev);

    /* Children first so a parent sees them in reset state. */
    for (GSList *e = dev->child_bus; e; e = e->next) {
        bus_cold_reset(e->data);
    }
    if (dc->reset) {
        dc->reset(dev);
    }
}

static JsonNode *device_get_realized(Object *obj, ObjectProperty *prop, Error **errp)
{
    return qom_node_new_bool(DEVICE(obj)->realized);
}

static bool device_prop_set_realized(Object *obj, ObjectProperty *prop, JsonNode *value,
                                     bool parse, Error **errp)
{
    bool v;
    if (!qom_node_to_bool(value, prop->name, parse, &v, errp)) {
        return false;
    }
    return device_set_realized(DEVICE(obj), v, errp);
}

static JsonNode *device_get_hotpluggable(Object *obj, ObjectProperty *prop, Error **errp)
{
    return qom_node_new_bool(DEVICE_GET_CLASS(obj)->hotpluggable);
}

static JsonNode *device_get_parent_bus(Object *obj, ObjectProperty *prop, Error **errp)
{
    DeviceState *dev = DEVICE(obj);
    g_autofree char *path = dev->parent_bus ?
        object_get_canonical_path(OBJECT(dev->parent_bus)) : NULL;
    return qom_node_new_str(path ? path : "");
}

static void device_initfn(Object *obj)
{
    DeviceState *dev = DEVICE(obj);
    dev->instance_id_alias = -1;
    qdev_prop_set_defaults(dev);
}

static void device_post_init(Object *obj)
{
    qdev_prop_set_globals(DEVICE(obj));
}

static void device_finalize(Object *obj)
{
    DeviceState *dev = DEVICE(obj);

    qdev_prop_release_all(dev);
    qdev_free_gpios(dev);
    g_slist_free(dev->child_bus);
    error_free(dev->global_prop_err);
    g_free(dev->id);
}

static void device_unparent(Object *obj)
{
    DeviceState *dev = DEVICE(obj);

    if (dev->realized) {
        qdev_unrealize(dev);
    }
    /* Child buses go with their device. */
    while (dev->child_bus) {
        BusState *bus = dev->child_bus->data;
        object_unparent(OBJECT(bus));
    }
    if (dev->parent_bus) {
        bus_remove_child(dev->parent_bus, dev);
        dev->parent_bus = NULL;
    }
}

static void device_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    oc->unparent = device_unparent;
    dc->user_creatable = true;
    dc->hotpluggable = true;
    object_class_property_add(oc, "realized", "bool", device_get_realized,
                              device_prop_set_realized, NULL, NULL);
    object_class_property_add(oc, "hotpluggable", "bool", device_get_hotpluggable,
                              NULL, NULL, NULL);
    object_class_property_add(oc, "parent_bus", "link<bus>", device_get_parent_bus,
                              NULL, NULL, NULL);
}

static const TypeInfo device_type_info = {
    .name = TYPE_DEVICE,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(DeviceState),
    .instance_init = device_initfn,
    .instance_post_init = device_post_init,
    .instance_finalize = device_finalize,
    .class_init = device_class_init,
    .abstract = true,
    .class_size = sizeof(DeviceClass),
};

static void qdev_register_types(void)
{
    type_register_static(&device_type_info);
}

type_init(qdev_register_types)
