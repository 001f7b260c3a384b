//! HubSpot object types and their default association types.

/// The CRM object types the emulator serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum ObjectType {
    Contacts,
    Companies,
    Deals,
    Notes,
    Meetings,
    Calls,
    Tasks,
}

impl ObjectType {
    pub const ALL: [ObjectType; 7] = [
        ObjectType::Contacts,
        ObjectType::Companies,
        ObjectType::Deals,
        ObjectType::Notes,
        ObjectType::Meetings,
        ObjectType::Calls,
        ObjectType::Tasks,
    ];

    /// Accepts the plural path name, the singular, or the object type id (`0-1`).
    pub fn parse(text: &str) -> Option<ObjectType> {
        let text = text.to_ascii_lowercase();
        ObjectType::ALL
            .into_iter()
            .find(|t| t.name() == text || t.singular() == text || t.type_id() == text)
    }

    pub fn name(self) -> &'static str {
        match self {
            ObjectType::Contacts => "contacts",
            ObjectType::Companies => "companies",
            ObjectType::Deals => "deals",
            ObjectType::Notes => "notes",
            ObjectType::Meetings => "meetings",
            ObjectType::Calls => "calls",
            ObjectType::Tasks => "tasks",
        }
    }

    pub fn singular(self) -> &'static str {
        match self {
            ObjectType::Contacts => "contact",
            ObjectType::Companies => "company",
            ObjectType::Deals => "deal",
            ObjectType::Notes => "note",
            ObjectType::Meetings => "meeting",
            ObjectType::Calls => "call",
            ObjectType::Tasks => "task",
        }
    }

    pub fn type_id(self) -> &'static str {
        match self {
            ObjectType::Contacts => "0-1",
            ObjectType::Companies => "0-2",
            ObjectType::Deals => "0-3",
            ObjectType::Notes => "0-46",
            ObjectType::Meetings => "0-47",
            ObjectType::Calls => "0-48",
            ObjectType::Tasks => "0-27",
        }
    }

    /// Activities (engagements) need `hs_timestamp`.
    pub fn is_activity(self) -> bool {
        matches!(
            self,
            ObjectType::Notes | ObjectType::Meetings | ObjectType::Calls | ObjectType::Tasks
        )
    }

    /// The name of the creation-date property.
    pub fn created_property(self) -> &'static str {
        match self {
            ObjectType::Contacts | ObjectType::Companies | ObjectType::Deals => "createdate",
            _ => "hs_createdate",
        }
    }

    /// The name of the last-modified property.
    pub fn modified_property(self) -> &'static str {
        match self {
            ObjectType::Contacts => "lastmodifieddate",
            _ => "hs_lastmodifieddate",
        }
    }

    /// Properties returned when a read names none.
    pub fn default_properties(self) -> &'static [&'static str] {
        match self {
            ObjectType::Contacts => &[
                "createdate",
                "email",
                "firstname",
                "hs_object_id",
                "lastmodifieddate",
                "lastname",
            ],
            ObjectType::Companies => &[
                "createdate",
                "domain",
                "hs_lastmodifieddate",
                "hs_object_id",
                "name",
            ],
            ObjectType::Deals => &[
                "amount",
                "closedate",
                "createdate",
                "dealname",
                "dealstage",
                "hs_lastmodifieddate",
                "hs_object_id",
                "pipeline",
            ],
            _ => &["hs_createdate", "hs_lastmodifieddate", "hs_object_id"],
        }
    }

    /// The scope family HubSpot checks for this object (`crm.objects.X.read`).
    pub fn scope_family(self) -> &'static str {
        match self {
            ObjectType::Companies => "companies",
            ObjectType::Deals => "deals",
            // Activities are covered by the contacts scopes.
            _ => "contacts",
        }
    }
}

/// An association type: category and id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct AssocType {
    pub category: Category,
    pub type_id: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Category {
    HubSpot,
    User,
    Integrator,
}

impl Category {
    pub fn parse(text: &str) -> Option<Category> {
        match text {
            "HUBSPOT_DEFINED" => Some(Category::HubSpot),
            "USER_DEFINED" => Some(Category::User),
            "INTEGRATOR_DEFINED" => Some(Category::Integrator),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Category::HubSpot => "HUBSPOT_DEFINED",
            Category::User => "USER_DEFINED",
            Category::Integrator => "INTEGRATOR_DEFINED",
        }
    }
}

/// One HubSpot-defined association type.
pub(crate) struct Definition {
    pub from: ObjectType,
    pub to: ObjectType,
    pub type_id: u32,
    pub inverse: u32,
    /// `Primary` for the primary-company types, unlabeled otherwise.
    pub primary: bool,
}

use ObjectType::{Calls, Companies, Contacts, Deals, Meetings, Notes, Tasks};

/// HubSpot-defined types; the first entry for a (from, to) pair is its default type.
pub(crate) const DEFINITIONS: &[Definition] = &[
    def(Contacts, Companies, 279, 280, false),
    def(Contacts, Companies, 1, 2, true),
    def(Companies, Contacts, 280, 279, false),
    def(Companies, Contacts, 2, 1, true),
    def(Deals, Companies, 341, 342, false),
    def(Deals, Companies, 5, 6, true),
    def(Companies, Deals, 342, 341, false),
    def(Companies, Deals, 6, 5, true),
    def(Deals, Contacts, 3, 4, false),
    def(Contacts, Deals, 4, 3, false),
    def(Notes, Contacts, 202, 201, false),
    def(Contacts, Notes, 201, 202, false),
    def(Notes, Companies, 190, 189, false),
    def(Companies, Notes, 189, 190, false),
    def(Notes, Deals, 214, 213, false),
    def(Deals, Notes, 213, 214, false),
    def(Meetings, Contacts, 200, 199, false),
    def(Contacts, Meetings, 199, 200, false),
    def(Meetings, Companies, 188, 187, false),
    def(Companies, Meetings, 187, 188, false),
    def(Meetings, Deals, 212, 211, false),
    def(Deals, Meetings, 211, 212, false),
    def(Calls, Contacts, 194, 193, false),
    def(Contacts, Calls, 193, 194, false),
    def(Calls, Companies, 182, 181, false),
    def(Companies, Calls, 181, 182, false),
    def(Calls, Deals, 206, 205, false),
    def(Deals, Calls, 205, 206, false),
    def(Tasks, Contacts, 204, 203, false),
    def(Contacts, Tasks, 203, 204, false),
    def(Tasks, Companies, 192, 191, false),
    def(Companies, Tasks, 191, 192, false),
    def(Tasks, Deals, 216, 215, false),
    def(Deals, Tasks, 215, 216, false),
];

const fn def(
    from: ObjectType,
    to: ObjectType,
    type_id: u32,
    inverse: u32,
    primary: bool,
) -> Definition {
    Definition {
        from,
        to,
        type_id,
        inverse,
        primary,
    }
}

pub(crate) fn definition(from: ObjectType, type_id: u32) -> Option<&'static Definition> {
    DEFINITIONS
        .iter()
        .find(|d| d.from == from && d.type_id == type_id)
}

pub(crate) fn default_definition(from: ObjectType, to: ObjectType) -> Option<&'static Definition> {
    DEFINITIONS.iter().find(|d| d.from == from && d.to == to)
}

/// The v3 `type` name of an association (`contact_to_company`, `…_unlabeled`).
pub(crate) fn v3_type_name(from: ObjectType, to: ObjectType, kind: AssocType) -> String {
    let base = format!("{}_to_{}", from.singular(), to.singular());
    match (kind.category, definition(from, kind.type_id)) {
        (Category::HubSpot, Some(d)) if d.primary => base,
        (Category::HubSpot, Some(_))
            if matches!(
                (from, to),
                (Contacts, Companies)
                    | (Companies, Contacts)
                    | (Deals, Companies)
                    | (Companies, Deals)
            ) =>
        {
            format!("{base}_unlabeled")
        }
        (Category::HubSpot, _) => base,
        _ => kind.type_id.to_string(),
    }
}

/// The v4 label: `Primary` for primary types, none otherwise.
pub(crate) fn v4_label(from: ObjectType, kind: AssocType) -> Option<&'static str> {
    match (kind.category, definition(from, kind.type_id)) {
        (Category::HubSpot, Some(d)) if d.primary => Some("Primary"),
        _ => None,
    }
}

/// The type id in the other direction.
pub(crate) fn inverse(from: ObjectType, kind: AssocType) -> AssocType {
    match (kind.category, definition(from, kind.type_id)) {
        (Category::HubSpot, Some(d)) => AssocType {
            category: kind.category,
            type_id: d.inverse,
        },
        _ => kind,
    }
}
